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
                .map(s -> String.format("%016x %4d %-7s %-6s %-14s %-8s %-7s %s", s.address(), s.size(), s.type(),
                        s.binding(), s.section(), s.region(), s.fileName() == null ? "-" : s.fileName(), s.name()))
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
        // head.c: _printk text_target alias_a global_and_static init_only exit_only; one.c: 2; two.c: 1
        assertEquals(9, image.fentrySites().count());
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
