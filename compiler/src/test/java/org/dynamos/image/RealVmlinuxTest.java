package org.dynamos.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The image model on the real Debian vmlinux; skipped when the kernel has not been fetched. */
class RealVmlinuxTest {
    static Path path;
    static ElfKernelImage image;

    @BeforeAll
    static void open() throws IOException {
        path = RealKernel.vmlinux().orElse(null);
        assumeTrue(path != null, "the real vmlinux is not in the DynAMOS cache");
        long t0 = System.nanoTime();
        image = ElfKernelImage.open(path);
        System.out.printf("opened %s (%d symbols) in %.0f ms%n", path.getFileName(), image.symbols().size(),
                (System.nanoTime() - t0) / 1e6);
    }

    @AfterAll
    static void close() {
        if (image != null) {
            image.close();
        }
    }

    private static KernelSymbol only(String name) {
        List<KernelSymbol> all = image.symbols(name);
        assertEquals(1, all.size(), () -> name + ": " + all);
        return all.get(0);
    }

    @Test
    void releaseMatchesTheFileName() {
        String expected = path.getFileName().toString().substring("vmlinux-".length());
        assertEquals(expected, image.release().orElseThrow());
    }

    @Test
    void hasABuildId() {
        assertTrue(image.buildId().orElseThrow().matches("[0-9a-f]{40}"));
    }

    @Test
    void symbolsAreAllThere() {
        assertTrue(image.symbols().size() > 100_000, "symbols: " + image.symbols().size());
        assertTrue(image.functionNames().size() > 40_000);
        assertTrue(image.functionNames().contains("cmdline_proc_show"));
    }

    @Test
    void regionsOfWellKnownSymbols() {
        assertEquals(Region.TEXT, only("_printk").region());
        assertEquals(Region.BSS, only("saved_command_line").region());
        assertEquals(Region.RODATA, only("linux_banner").region());
        KernelSymbol current = only("current_task");
        assertEquals(Region.PERCPU, current.region());
        assertTrue(current.address() > 0 && current.address() < 0x100000);
        assertEquals(Region.INIT, only("start_kernel").region());
        assertEquals(Region.INIT, only("__init_begin").region(), "a marker in .data..percpu holding an address");
        KernelSymbol text = only("cmdline_proc_show");
        assertEquals(SymbolBinding.LOCAL, text.binding());
        assertEquals("cmdline.c", text.fileName());
    }

    @Test
    void staticsSharingANameNameTheirCompileUnits() {
        List<KernelSymbol> errText = image.symbols("err_text");
        assertTrue(errText.size() >= 2);
        assertTrue(errText.stream().allMatch(s -> s.fileName() != null && s.fileName().endsWith(".c")), errText::toString);
    }

    @Test
    void systemCallWrappersAreAliases() {
        List<String> aliases = image.aliases(only("__x64_sys_getppid")).stream().map(KernelSymbol::name)
                .collect(Collectors.toList());
        assertTrue(aliases.contains("__do_sys_getppid"), aliases::toString);
    }

    @Test
    void tracedFunctionsHaveTheirFentrySiteAtOffsetZero() {
        assertTrue(image.fentrySites().count() > 30_000);
        assertEquals(OptionalLong.of(0), image.fentryOffset(only("cmdline_proc_show")));
        assertEquals(OptionalLong.of(0), image.fentryOffset(only("do_one_initcall")));
        assertEquals(OptionalLong.empty(), image.fentryOffset(only("saved_command_line")));
    }

    @Test
    void btfGivesPrototypesWithParameterNames() {
        assertEquals("int may_open(struct user_namespace *mnt_userns, const struct path *path, int acc_mode, int flag)",
                image.prototype("may_open").orElseThrow().toString());
        assertEquals("struct task_struct *kthread_create_on_node(int (*threadfn)(void *), void *data, int node, "
                + "const char *namefmt, ...)", image.prototype("kthread_create_on_node").orElseThrow().toString());
        assertTrue(image.prototype("no_such_function_here").isEmpty());
        List<String> clones = image.functionNames().stream().filter(n -> n.contains(".isra.")).limit(20)
                .filter(n -> image.prototype(n).isPresent()).collect(Collectors.toList());
        assertEquals(List.of(), clones, "compiler-made clones have no BTF prototype");
    }

    @Test
    void btfGivesStructsWithOffsets() {
        org.dynamos.image.btf.StructType file = image.struct("file").orElseThrow();
        assertEquals("struct path f_path", file.field("f_path").orElseThrow().toString());
        assertTrue(file.field("f_path").orElseThrow().byteOffset() >= 8);
        org.dynamos.image.btf.StructType task = image.struct("task_struct").orElseThrow();
        assertTrue(task.field("pid").isPresent() && task.field("comm").isPresent());
        assertEquals("char comm[16]", task.field("comm").orElseThrow().toString());
        assertTrue(task.fields().stream().anyMatch(org.dynamos.image.btf.StructType.Field::isBitfield),
                "task_struct has bitfields (sched_reset_on_fork ...)");
    }
}
