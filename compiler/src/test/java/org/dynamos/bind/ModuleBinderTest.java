package org.dynamos.bind;

import org.dynamos.image.RelocationType;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.approvaltests.Approvals;
import org.dynamos.image.ElfFile;
import org.dynamos.image.ElfFixtures;
import org.dynamos.image.ElfKernelImage;
import org.dynamos.image.ElfSection;
import org.dynamos.image.KernelSymbol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Binding gcc-built module objects against a gcc-built fake vmlinux. */
class ModuleBinderTest {
    private static final long PRINTK_CRC = 0x92997ed8L;

    @TempDir
    static Path fixtures;
    @TempDir
    Path work;
    static ElfKernelImage image;
    static long printk;

    @BeforeAll
    static void buildKernel() throws IOException {
        image = ElfKernelImage.open(ElfFixtures.fakeVmlinux(fixtures));
        printk = image.anchor().orElseThrow().address();
    }

    @AfterAll
    static void closeKernel() {
        if (image != null) {
            image.close();
        }
    }

    private static ExportedSymbols exports(String... names) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("0x%08x\t_printk\tvmlinux\tEXPORT_SYMBOL\t", PRINTK_CRC));
        for (String n : names) {
            lines.add("0x00000001\t" + n + "\tvmlinux\tEXPORT_SYMBOL_GPL\t");
        }
        return ExportedSymbols.parse(lines);
    }

    private static ModuleBinder binder(ExportedSymbols exported) {
        return new ModuleBinder(exported, SymbolResolver.of(image), Map.of());
    }

    private static KernelSymbol vmlinux(String name) {
        return image.symbols(name).get(0);
    }

    @Test
    void retargetsTextAndDataToTheAnchorAndMakesPerCpuSymbolsOffsets() throws IOException {
        Path ko = ElfFixtures.module("/org/dynamos/bind/module.c", work);
        ModuleElf before = load(ko);
        BindReport report = binder(exports("exported_fn")).bind(ko);
        assertTrue(report.ok(), report::render);
        assertTrue(report.rewritten());
        assertFalse(report.anchorAdded());
        ModuleElf after = load(ko);

        Set<String> retargeted = Set.of("text_target", "data_target", "rodata_target", "bss_target");
        int anchor = indexOf(after, "_printk");
        List<ModuleElf.Rela> old = before.relocations();
        List<ModuleElf.Rela> now = after.relocations();
        assertEquals(old.size(), now.size());
        for (int i = 0; i < old.size(); i++) {
            ModuleElf.Rela o = old.get(i);
            ModuleElf.Rela n = now.get(i);
            String name = before.symbol(o.symbol()).name();
            assertEquals(o.offset(), n.offset());
            assertEquals(o.type(), n.type());
            if (retargeted.contains(name)) {
                assertEquals(anchor, n.symbol(), name);
                assertEquals(o.addend() + vmlinux(name).address() - printk, n.addend(), name);
            } else {
                assertEquals(o.symbol(), n.symbol(), name);
                assertEquals(o.addend(), n.addend(), name);
            }
        }
        for (String name : retargeted) {
            assertSymbol(after, name, ModuleElf.SHN_ABS, 0);
        }
        assertSymbol(after, "pcpu_target", ModuleElf.SHN_ABS, 0x20);
        assertSymbol(after, "pcpu_other", ModuleElf.SHN_ABS, 0x28);
        assertSymbol(after, "exported_fn", ModuleElf.SHN_UNDEF, 0);
        assertSymbol(after, "_printk", ModuleElf.SHN_UNDEF, 0);

        Approvals.verify(report.render() + "\n" + dump(after));
    }

    @Test
    void addsTheAnchorWithItsSymbolVersionWhenTheModuleLacksIt() throws IOException {
        Path ko = ElfFixtures.module("/org/dynamos/bind/noanchor.c", work);
        ModuleElf before = load(ko);
        int firstGlobal = symtab(before).info();
        BindReport report = binder(exports()).bind(ko);
        assertTrue(report.ok(), report::render);
        assertTrue(report.anchorAdded());
        ModuleElf after = load(ko);

        int anchor = after.symbolCount() - 1;
        assertEquals(before.symbolCount() + 1, after.symbolCount());
        ModuleElf.Symbol added = after.symbol(anchor);
        assertEquals("_printk", added.name());
        assertEquals(ModuleElf.STB_GLOBAL, added.binding());
        assertEquals(ModuleElf.SHN_UNDEF, added.shndx());
        assertEquals(firstGlobal, symtab(after).info(), "sh_info (first global) is unchanged");
        for (int i = 0; i < before.symbolCount(); i++) {
            assertEquals(before.symbol(i).name(), after.symbol(i).name());
        }

        ModuleElf.Rela call = after.relocations().stream()
                .filter(r -> r.type() == RelocationType.R_X86_64_PLT32).findFirst().orElseThrow();
        assertEquals(anchor, call.symbol());
        assertEquals(-4 + vmlinux("text_target").address() - printk, call.addend());
        assertSymbol(after, "pcpu_target", ModuleElf.SHN_ABS, 0x20);

        ByteBuffer versions = contents(ko, "__versions");
        assertEquals(128, versions.limit());
        assertEquals(0xbdfb6dbbL, versions.getLong(0));
        assertEquals(PRINTK_CRC, versions.getLong(64));
        assertEquals("_printk", ElfFile.cString(versions, 72));
        assertReadelfIsQuiet(ko);
    }

    @Test
    void bindsExplicitlyChosenStaticsAndPrefersTheGlobalOfANameByDefault() throws IOException {
        Path ko = ElfFixtures.module("/org/dynamos/bind/explicit.c", work);
        KernelSymbol chosen = image.symbols("dup_static").stream()
                .filter(s -> "two.c".equals(s.fileName())).findFirst().orElseThrow();
        BindReport report = new ModuleBinder(exports(), SymbolResolver.of(image),
                Map.of("__dynamos_target_0", chosen, "__dynamos_absent", chosen)).bind(ko);
        assertTrue(report.ok(), report::render);
        assertTrue(report.anchorAdded(), "no __versions section here, so no version entry either");
        Approvals.verify(report.render() + "\n" + dump(load(ko)));
    }

    @Test
    void refusesEachUnusableSymbolWithItsReasonAndLeavesTheFileAlone() throws IOException {
        Path ko = ElfFixtures.module("/org/dynamos/bind/refused.c", work);
        byte[] original = Files.readAllBytes(ko);
        BindReport report = binder(exports()).bind(ko);
        assertFalse(report.ok());
        assertFalse(report.rewritten());
        assertArrayEquals(original, Files.readAllBytes(ko));
        assertEquals(List.of(), leftovers());
        Approvals.verify(report.render());
    }

    @Test
    void refusesToAddTheAnchorWithoutItsSymbolVersion() throws IOException {
        Path ko = ElfFixtures.module("/org/dynamos/bind/noanchor.c", work);
        byte[] original = Files.readAllBytes(ko);
        BindReport report = binder(ExportedSymbols.none()).bind(ko);
        assertEquals(List.of("_printk"), report.errors().stream().map(BindError::name).collect(Collectors.toList()));
        assertArrayEquals(original, Files.readAllBytes(ko));
    }

    @Test
    void aModuleUsingOnlyExportsIsLeftAsItIs() throws IOException {
        Path ko = ElfFixtures.module("/org/dynamos/bind/module.c", work);
        byte[] original = Files.readAllBytes(ko);
        BindReport report = binder(exports("exported_fn", "text_target", "data_target", "rodata_target",
                "bss_target", "pcpu_target", "pcpu_other")).bind(ko);
        assertTrue(report.ok());
        assertFalse(report.rewritten());
        assertEquals("module.ko: nothing to bind\n", report.render());
        assertArrayEquals(original, Files.readAllBytes(ko));
    }

    @Test
    void bindingTwiceFindsNothingLeftToBind() throws IOException {
        Path ko = ElfFixtures.module("/org/dynamos/bind/module.c", work);
        assertTrue(binder(exports("exported_fn")).bind(ko).rewritten());
        byte[] once = Files.readAllBytes(ko);
        BindReport again = binder(exports("exported_fn")).bind(ko);
        assertTrue(again.ok());
        assertFalse(again.rewritten());
        assertArrayEquals(once, Files.readAllBytes(ko));
    }

    @Test
    void aFileThatIsNotAnObjectIsAnErrorNotAnException() throws IOException {
        Path notKo = Files.writeString(work.resolve("notes.ko"), "x".repeat(100));
        BindReport report = binder(exports()).bind(notKo);
        assertEquals(List.of(new BindError("notes.ko", "notes.ko: not an ELF file")), report.errors());

        Path exe = fixtures.resolve("vmlinux");
        BindReport exec = binder(exports()).bind(exe);
        assertEquals("vmlinux: not a relocatable object (a .ko is ET_REL)", exec.errors().get(0).message());
    }

    static ModuleElf load(Path ko) throws IOException {
        return new ModuleElf(ko.getFileName().toString(), Files.readAllBytes(ko));
    }

    private static ElfSection symtab(ModuleElf elf) throws IOException {
        return ElfFile.of("m", ByteBuffer.wrap(elf.bytes())).sectionOfType(ElfSection.SHT_SYMTAB).orElseThrow();
    }

    private static ByteBuffer contents(Path ko, String section) throws IOException {
        ElfFile f = ElfFile.of(ko.toString(), ByteBuffer.wrap(Files.readAllBytes(ko)).order(ByteOrder.LITTLE_ENDIAN));
        return f.contents(f.section(section).orElseThrow());
    }

    private static int indexOf(ModuleElf elf, String name) {
        return elf.symbols().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().index();
    }

    private static void assertSymbol(ModuleElf elf, String name, int shndx, long value) {
        ModuleElf.Symbol s = elf.symbol(indexOf(elf, name));
        assertEquals(shndx, s.shndx(), name + " section index");
        assertEquals(value, s.value(), name + " value");
    }

    /** Relocations and non-local symbols, one per line, as readelf would show them. */
    static String dump(ModuleElf elf) throws IOException {
        StringBuilder b = new StringBuilder("relocations:\n");
        for (ModuleElf.Rela r : elf.relocations()) {
            b.append(String.format("  %-8s +0x%02x %-14s %s%s0x%x%n", elf.targetName(r), r.offset(),
                    RelocationType.name(r.type()), symbolName(elf, r.symbol()), r.addend() < 0 ? "-" : "+",
                    Math.abs(r.addend())));
        }
        b.append("global symbols:\n");
        for (ModuleElf.Symbol s : elf.symbols()) {
            if (s.binding() != 0) {
                String where = s.shndx() == ModuleElf.SHN_UNDEF ? "UND" : s.shndx() == ModuleElf.SHN_ABS ? "ABS"
                        : String.valueOf(s.shndx());
                b.append(String.format("  %-20s %-3s 0x%x%n", s.name(), where, s.value()));
            }
        }
        return b.toString();
    }

    private static String symbolName(ModuleElf elf, int index) {
        ModuleElf.Symbol s = elf.symbol(index);
        return s.name().isEmpty() ? "[section " + s.shndx() + "]" : s.name();
    }

    private List<Path> leftovers() throws IOException {
        try (var s = Files.list(work)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).collect(Collectors.toList());
        }
    }

    private static void assertReadelfIsQuiet(Path ko) throws IOException {
        Process p = new ProcessBuilder("readelf", "-W", "-S", "-s", "-r", ko.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertEquals(0, p.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertEquals("", err, "readelf complains about the rewritten module");
    }
}
