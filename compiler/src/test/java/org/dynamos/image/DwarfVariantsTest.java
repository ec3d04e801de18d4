package org.dynamos.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DWARF answers do not depend on how the debug information is laid out: DWARF 4 (its own
 * unit headers, line tables and {@code .debug_ranges}) and an image without {@code .debug_aranges}
 * (unit ranges from each unit's entry and range lists) answer as the DWARF 5 fixture does.
 */
class DwarfVariantsTest {
    @TempDir
    static Path dir;
    static Path dwarf5;

    @BeforeAll
    static void build() throws IOException {
        dwarf5 = ElfFixtures.fakeVmlinux(Files.createDirectories(dir.resolve("v5")));
    }

    /** The DWARF answers about every symbol (addresses are the same: -g does not change code). */
    static String dwarfAnswers(ElfKernelImage image) {
        return image.symbols().stream().filter(s -> s.type() != SymbolType.FILE && s.type() != SymbolType.SECTION)
                .map(s -> s.name() + " " + image.compileUnit(s) + " " + image.sourceFunction(s))
                .collect(Collectors.joining("\n"));
    }

    @Test
    void dwarf4AnswersAsDwarf5() throws IOException {
        Path v4 = ElfFixtures.fakeVmlinux(Files.createDirectories(dir.resolve("v4")), List.of("-gdwarf-4"));
        try (ElfKernelImage five = ElfKernelImage.open(dwarf5); ElfKernelImage four = ElfKernelImage.open(v4)) {
            assertTrue(four.elf().section(".debug_ranges").isPresent(), "DWARF 4 range lists are in .debug_ranges");
            assertTrue(five.elf().section(".debug_rnglists").isPresent(), "DWARF 5 ones in .debug_rnglists");
            assertEquals(dwarfAnswers(five), dwarfAnswers(four));
        }
    }

    @Test
    void withoutArangesUnitsComeFromTheirOwnRanges() throws IOException {
        Path stripped = dir.resolve("no-aranges");
        ElfFixtures.run(dir, List.of("objcopy", "--remove-section", ".debug_aranges",
                "--remove-section", ".rela.debug_aranges", dwarf5.toString(), stripped.toString()));
        try (ElfKernelImage full = ElfKernelImage.open(dwarf5); ElfKernelImage bare = ElfKernelImage.open(stripped)) {
            assertTrue(bare.elf().section(".debug_aranges").isEmpty());
            assertEquals(dwarfAnswers(full), dwarfAnswers(bare));
            assertEquals("lib/clones.c", bare.compileUnit(bare.symbols("with_cold.cold").get(0)).orElseThrow(),
                    "a unit with two ranges (.text and .text.unlikely)");
        }
    }
}
