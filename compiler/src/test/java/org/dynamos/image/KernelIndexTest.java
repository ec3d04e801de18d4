package org.dynamos.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-kernel index answers every question exactly as the vmlinux it was built from. */
class KernelIndexTest {
    @TempDir
    static Path dir;
    static Path vmlinux;
    static Path index;

    @BeforeAll
    static void build() throws IOException {
        Path root = Files.createDirectories(dir.resolve("kernels/6.1.0-fixture/root/usr/lib/debug/boot"));
        vmlinux = Files.move(ElfFixtures.fakeVmlinux(dir), root.resolve("vmlinux-6.1.0-fixture"));
        index = dir.resolve("kernels/6.1.0-fixture/" + KernelIndex.FILE_NAME);
        KernelIndex.build(vmlinux, index);
    }

    /** Everything the checks and inspect ask about one symbol, as text. */
    static String answers(KernelImage image, KernelSymbol s) {
        return String.join(" | ", s.toString(),
                "unit=" + image.compileUnit(s),
                "source=" + image.sourceFunction(s),
                "callers=" + image.callers(s),
                "threads=" + image.threadCreators(s),
                "nokprobe=" + image.kprobeBlacklisted(s),
                "fentry=" + image.fentryOffset(s),
                "aliases=" + image.aliases(s),
                "prototype=" + image.prototype(s.name()));
    }

    @Test
    void everySymbolGetsTheSameAnswersFromTheIndex() throws IOException {
        try (ElfKernelImage fromVmlinux = ElfKernelImage.open(vmlinux);
             ElfKernelImage fromIndex = ElfKernelImage.open(index)) {
            assertFalse(fromVmlinux.isIndex());
            assertTrue(fromIndex.isIndex());
            assertEquals(fromVmlinux.symbols(), fromIndex.symbols());
            assertEquals(fromVmlinux.functionNames(), fromIndex.functionNames());
            assertEquals(fromVmlinux.release(), fromIndex.release());
            assertEquals(fromVmlinux.buildId(), fromIndex.buildId());
            assertEquals(fromVmlinux.anchor(), fromIndex.anchor());
            assertEquals(fromVmlinux.struct("path"), fromIndex.struct("path"));
            int functions = 0;
            for (KernelSymbol s : fromVmlinux.symbols()) {
                assertEquals(answers(fromVmlinux, s), answers(fromIndex, s));
                functions += s.isFunction() ? 1 : 0;
            }
            assertTrue(functions > 30, "the fixture has functions to compare: " + functions);
            KernelSymbol jhash = fromIndex.symbols("jhash").get(0);
            assertEquals(List.of("name_hash", "nfs_name_hash"), fromIndex.sourceFunction(jhash).orElseThrow()
                    .inlinedInto().stream().map(KernelSymbol::name).collect(Collectors.toList()),
                    "not two empty answers that happen to agree");
            for (String name : List.of("may_create_in_sticky", "jhash", "no_such_function")) {
                assertEquals(fromVmlinux.inlinedOnly(name), fromIndex.inlinedOnly(name), name);
            }
            assertEquals(List.of("do_filp_open", "do_sys_openat2"), fromIndex.inlinedOnly("may_create_in_sticky")
                    .get(0).inlinedInto().stream().map(KernelSymbol::name).toList(), "a function only inlined");
            assertEquals(List.of(), fromIndex.inlinedOnly("jhash"), "jhash has out-of-line copies");
        }
    }

    @Test
    void theIndexIsFoundBesideTheExtractionRootWhileCurrent() throws IOException {
        assertEquals(index, KernelIndex.locate(vmlinux).orElseThrow());
        assertTrue(KernelIndex.isCurrent(index, vmlinux));
        try (ElfKernelImage image = KernelIndex.open(vmlinux)) {
            assertTrue(image.isIndex());
        }
        FileTime was = Files.getLastModifiedTime(vmlinux);
        try {
            Files.setLastModifiedTime(vmlinux, FileTime.fromMillis(was.toMillis() + 60_000));
            assertFalse(KernelIndex.isCurrent(index, vmlinux), "a vmlinux changed since: stale");
            try (ElfKernelImage image = KernelIndex.open(vmlinux)) {
                assertFalse(image.isIndex(), "a stale index is not used");
            }
        } finally {
            Files.setLastModifiedTime(vmlinux, was);
        }
    }

    @Test
    void contentsLeftOutOfTheIndexAreRefusedNotMisread() throws IOException {
        try (ElfKernelImage image = ElfKernelImage.open(index)) {
            ElfSection text = image.elf().section(".text").orElseThrow();
            assertTrue(text.isOmitted());
            assertEquals(Region.TEXT, image.symbols("kswapd").get(0).region(), "regions survive");
            ElfFormatException e = assertThrows(ElfFormatException.class, () -> image.elf().contents(text));
            assertTrue(e.getMessage().contains(".text are not in this file"), e.getMessage());
            assertTrue(Files.size(index) < Files.size(vmlinux), Files.size(index) + " bytes");
        }
    }

    @Test
    void aDamagedIndexIsIgnored(@TempDir Path other) throws IOException {
        Path root = Files.createDirectories(other.resolve("k/root"));
        Path copy = Files.copy(vmlinux, root.resolve("vmlinux"));
        Files.writeString(other.resolve("k/" + KernelIndex.FILE_NAME), "not an index");
        assertFalse(KernelIndex.isCurrent(other.resolve("k/" + KernelIndex.FILE_NAME), copy));
        try (ElfKernelImage image = KernelIndex.open(copy)) {
            assertFalse(image.isIndex());
        }
        assertThrows(ElfFormatException.class, () -> KernelIndex.build(index, other.resolve("again.bin")),
                "an index is not indexed again");
    }
}
