package org.dynamos.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.approvaltests.Approvals;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel image model on a gcc-built fake vmlinux. */
class ElfKernelImageTest {
    @TempDir
    static Path dir;
    static ElfKernelImage image;

    @BeforeAll
    static void open() throws IOException {
        image = ElfKernelImage.open(ElfFixtures.fakeVmlinux(dir));
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
    void everySymbolIsDecodedWithItsRegionAndCompileUnit() {
        String dump = image.symbols().stream()
                .filter(s -> s.type() != SymbolType.SECTION)
                .map(s -> String.format("%016x %4d %-7s %-6s %-14s %-8s %-9s %-25s %s", s.address(), s.size(),
                        s.type(), s.binding(), s.section(), s.region(), s.fileName() == null ? "-" : s.fileName(),
                        image.compileUnit(s).orElse("-"), s.name()))
                .collect(Collectors.joining("\n"));
        Approvals.verify(dump);
    }

    @Test
    void regionsFollowTheKernelLayout() {
        assertEquals(Region.TEXT, only("text_target").region());
        assertEquals(Region.DATA, only("data_target").region());
        assertEquals(Region.RODATA, only("rodata_target").region());
        assertEquals(Region.BSS, only("bss_target").region());
        assertEquals(Region.PERCPU, only("pcpu_target").region());
        assertEquals(Region.INIT, only("init_only").region());
        assertEquals(Region.EXIT, only("exit_only").region());
        assertEquals(Region.ABSOLUTE, only("abs_const").region());
        assertEquals("*ABS*", only("abs_const").section());
    }

    @Test
    void perCpuSymbolsAreOffsetsFromZero() {
        KernelSymbol p = only("pcpu_target");
        assertEquals(0x20, p.address());
        assertEquals(".data..percpu", p.section());
        assertEquals(0x28, only("pcpu_other").address());
    }

    @Test
    void staticsWithOneNameAreTellApartByCompileUnit() {
        List<KernelSymbol> dups = image.symbols("dup_static");
        assertEquals(List.of("one.c", "two.c"), dups.stream().map(KernelSymbol::fileName).collect(Collectors.toList()));
        assertTrue(dups.stream().allMatch(s -> s.binding() == SymbolBinding.LOCAL && s.isFunction()));
        List<KernelSymbol> mixed = image.symbols("global_and_static");
        assertEquals(2, mixed.size());
        assertTrue(mixed.stream().anyMatch(s -> s.binding() == SymbolBinding.GLOBAL && s.fileName() == null));
    }

    @Test
    void unknownNamesHaveNoSymbols() {
        assertEquals(List.of(), image.symbols("no_such_symbol"));
        assertEquals(List.of(), image.symbols("head.c"), "file symbols are not looked up by name");
    }

    @Test
    void functionNamesListFunctionsOnly() {
        assertTrue(image.functionNames().contains("text_target"));
        assertTrue(image.functionNames().contains("dup_static"));
        assertFalse(image.functionNames().contains("data_target"));
        assertEquals(image.functionNames().first(), "__fentry__");
    }

    @Test
    void aliasesShareAnAddress() {
        assertEquals(List.of("alias_b"), names(image.aliases(only("alias_a"))));
        assertEquals(List.of("alias_a"), names(image.aliases(only("alias_b"))));
        assertEquals(List.of(), image.aliases(only("text_target")));
    }

    @Test
    void anchorIsPrintk() {
        assertEquals(Optional.of(only("_printk")), image.anchor());
    }

    @Test
    void fentrySitesAreAtFunctionEntry() {
        assertEquals(OptionalLong.of(0), image.fentryOffset(only("text_target")));
        assertEquals(OptionalLong.of(0), image.fentryOffset(only("_printk")));
        assertEquals(OptionalLong.of(0), image.fentryOffset(image.symbols("dup_static").get(1)));
        assertEquals(OptionalLong.empty(), image.fentryOffset(only("notrace_fn")), "notrace has no site");
        assertEquals(OptionalLong.empty(), image.fentryOffset(only("data_target")));
        assertEquals(OptionalLong.empty(), image.fentryOffset(only("with_cold.cold")), "a cold part is no function entry");
        // head.c: _printk text_target alias_a global_and_static init_only exit_only; lib/one.c: 2;
        // kernel/two.c: 1; fs/namei.c: 5; fs/nfs/namei.c: 4; lib/clones.c: 9 (every function and
        // clone but the cold part); mm/vmscan.c: 2; kernel/kthread.c: 3; kernel/exit.c: 2; spinlock.c: 1;
        // fs/open.c: 2
        assertEquals(37, image.fentrySites().count());
    }

    @Test
    void compileUnitsAreSourcePathsFromDwarf() {
        List<String> units = image.symbols("may_open").stream().map(s -> image.compileUnit(s).orElseThrow())
                .collect(Collectors.toList());
        assertEquals(List.of("fs/namei.c", "fs/nfs/namei.c"), units);
        assertEquals(List.of("namei.c", "namei.c"), image.symbols("may_open").stream().map(KernelSymbol::fileName)
                .collect(Collectors.toList()), "the symbol table has only the basename");
        assertEquals(Optional.of("head.c"), image.compileUnit(only("text_target")), "globals too");
        assertEquals(Optional.of("head.c"), image.compileUnit(only("init_only")), "init code too");
        assertEquals(Optional.of("lib/clones.c"), image.compileUnit(only("with_cold.cold")), "split parts too");
        assertEquals(Optional.empty(), image.compileUnit(only("data_target")), "data has none");
    }

    @Test
    void inlinedAndOutOfLineCopiesComeFromDwarf() {
        KernelSymbol jhash = image.symbols("jhash").get(0);
        SourceFunction f = image.sourceFunction(jhash).orElseThrow();
        assertEquals("include/jhash.h", f.declaredIn());
        assertEquals(2, f.line());
        assertEquals(names(image.symbols("jhash")), names(f.outOfLine()), "both units' copies");
        assertEquals(List.of("jhash"), names(f.otherCopies(jhash)));
        assertEquals(List.of("name_hash", "nfs_name_hash"), names(f.inlinedInto()));
        assertEquals(f, image.sourceFunction(image.symbols("jhash").get(1)).orElseThrow(), "one source function");

        SourceFunction lookup = image.sourceFunction(only("lookup_fast")).orElseThrow();
        assertEquals(List.of("vfs_open"), names(lookup.inlinedInto()));
        SourceFunction part = image.sourceFunction(only("check.part.0")).orElseThrow();
        assertEquals("check", part.name(), "a clone belongs to its source function");
        assertEquals(List.of("clone_user_a", "clone_user_b"), names(part.inlinedInto()));
        SourceFunction plain = image.sourceFunction(only("kswapd_run")).orElseThrow();
        assertEquals(List.of(), plain.inlinedInto());
        assertEquals(List.of(), plain.otherCopies(only("kswapd_run")));
        assertFalse(plain.noreturn());
        assertTrue(image.sourceFunction(only("do_exit")).orElseThrow().noreturn());
        assertEquals(Optional.empty(), image.sourceFunction(only("data_target")));
    }

    @Test
    void callersComeFromRelocationsAndDirectCalls() {
        assertEquals(List.of("clone_user_a", "clone_user_b"), names(image.callers(only("use_b.isra.0"))),
                "static callee in the same unit: calls without relocations");
        assertEquals(List.of("shift_twice"), names(image.callers(only("shift.constprop.0"))));
        assertEquals(List.of("nfs_permission"), names(image.callers(image.symbols("may_open").get(1))),
                "a short tail jump ending its function");
        assertEquals(List.of("kswapd_run"), names(image.callers(only("kthread_create_on_node"))),
                "a global callee: a PLT32 relocation");
        assertEquals(List.of(), image.callers(only("kswapd_run")));
    }

    @Test
    void threadMainFunctionsAreThoseHandedToKthreadCreation() {
        assertEquals(List.of("kswapd_run"), names(image.threadCreators(only("kswapd"))));
        assertEquals(List.of(), image.threadCreators(only("kswapd_run")));
        assertEquals(List.of(), image.threadCreators(only("use_b.isra.0")), "called, not handed to a thread");
        assertEquals(List.of(), image.threadCreators(only("ext")), "called by kswapd_run before it starts a thread");
        assertTrue(names(image.callers(only("ext"))).contains("kswapd_run"));
    }

    @Test
    void kprobeBlacklistIsReadFromItsTable() {
        assertEquals(1, image.kprobeBlacklist().count());
        assertTrue(image.kprobeBlacklisted(only("notify_die")));
        assertFalse(image.kprobeBlacklisted(only("do_exit")));
    }

    @Test
    void btfOfTheImageGivesPrototypes() {
        assertEquals("int may_open(struct user_namespace *mnt_userns, const struct path *path, int acc_mode, int flag)",
                image.prototype("may_open").orElseThrow().toString());
        assertEquals("struct path {\n\tvoid *mnt;\n\tvoid *dentry;\n};", image.struct("path").orElseThrow().definition());
        assertEquals(Optional.empty(), image.prototype("kswapd"), "only fs/namei.c was built with BTF");
    }

    @Test
    void releaseComesFromTheBanner() {
        assertEquals(Optional.of("6.1.0-fixture-amd64"), image.release());
    }

    @Test
    void buildIdComesFromTheNote() {
        assertEquals(Optional.of(ElfFixtures.FAKE_BUILD_ID), image.buildId());
    }

    @Test
    void aFileThatIsNotElfIsRefused() throws IOException {
        Path text = Files.writeString(dir.resolve("not-elf"), "hello, this is not an ELF file at all.........."
                + "................................................");
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> ElfKernelImage.open(text));
        assertTrue(e.getMessage().endsWith("not an ELF file"), e.getMessage());
    }

    private static List<String> names(List<KernelSymbol> symbols) {
        return symbols.stream().map(KernelSymbol::name).collect(Collectors.toList());
    }
}
