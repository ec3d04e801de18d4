package org.dynamos.image.dwarf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.dynamos.image.ElfFile;
import org.dynamos.image.ElfSection;

/**
 * The DWARF sections of an image, each mapped (not read) when present. In a linked image built
 * with {@code --emit-relocs} (the kernel) the contents already hold final values; the
 * {@code .rela.debug_*} sections are ignored.
 */
final class DwarfSections {
    final ByteBuffer info;
    final ByteBuffer abbrev;
    final ByteBuffer str;
    final ByteBuffer lineStr;
    final ByteBuffer line;
    final ByteBuffer aranges;
    final ByteBuffer rnglists;
    final ByteBuffer ranges;

    private DwarfSections(ElfFile elf) throws IOException {
        this.info = section(elf, ".debug_info");
        this.abbrev = section(elf, ".debug_abbrev");
        this.str = section(elf, ".debug_str");
        this.lineStr = section(elf, ".debug_line_str");
        this.line = section(elf, ".debug_line");
        this.aranges = section(elf, ".debug_aranges");
        this.rnglists = section(elf, ".debug_rnglists");
        this.ranges = section(elf, ".debug_ranges");
    }

    /** @return the image's DWARF, empty if it has no {@code .debug_info} */
    static Optional<DwarfSections> of(ElfFile elf) throws IOException {
        if (elf.sectionWithContents(".debug_info").isEmpty() || elf.sectionWithContents(".debug_abbrev").isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DwarfSections(elf));
    }

    private static ByteBuffer section(ElfFile elf, String name) throws IOException {
        Optional<ElfSection> s = elf.sectionWithContents(name);
        if (s.isEmpty()) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        }
        return elf.contents(s.get());
    }

    /** @return the NUL-terminated string at {@code at} of {@code table}, or "" outside it */
    static String string(ByteBuffer table, long at) {
        if (at < 0 || at >= table.limit()) {
            return "";
        }
        int start = (int) at;
        int end = start;
        int limit = table.limit();
        while (end < limit && table.get(end) != 0) {
            end++;
        }
        byte[] b = new byte[end - start];
        table.get(start, b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
