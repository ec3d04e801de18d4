package org.dynamos.patch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dynamos.image.ElfFile;
import org.dynamos.image.ElfFormatException;
import org.dynamos.image.ElfSection;
import org.dynamos.image.SymbolBinding;
import org.dynamos.image.SymbolTable;
import org.dynamos.image.SymbolType;

/** Reads the functions of a relocatable object ({@code .o}) a unit build produced. */
public final class RelocatableObject {
    private static final int RELA_SIZE = 24;

    private RelocatableObject() {
    }

    /** Every function symbol of {@code object} with its bytes and relocations, in file order. */
    public static List<ObjectSymbol> functions(Path object) throws IOException {
        return symbols(object).stream().filter(ObjectSymbol::function).toList();
    }

    /** Every data object of {@code object} in an allocated section, with its bytes (none in .bss). */
    public static List<ObjectSymbol> data(Path object) throws IOException {
        return symbols(object).stream().filter(s -> !s.function()).toList();
    }

    /** Every function and data object of {@code object}, in file order. */
    public static List<ObjectSymbol> symbols(Path object) throws IOException {
        try (ElfFile elf = ElfFile.open(object)) {
            if (elf.type() != ElfFile.ET_REL) {
                throw new ElfFormatException(object + ": not a relocatable object");
            }
            SymbolTable symbols = SymbolTable.read(elf);
            Map<Integer, List<ObjectSymbol.Relocation>> relocations = relocations(elf, symbols);
            List<ObjectSymbol> out = new ArrayList<>();
            for (int i = 0; i < symbols.size(); i++) {
                boolean function = symbols.type(i) == SymbolType.FUNC;
                if ((!function && symbols.type(i) != SymbolType.OBJECT) || symbols.sectionIndex(i) <= 0
                        || symbols.sectionIndex(i) >= elf.sections().size()) {
                    continue;
                }
                ElfSection s = elf.section(symbols.sectionIndex(i));
                long start = symbols.value(i);
                long size = symbols.symbolSize(i);
                if (!s.isAlloc() || start < 0 || size <= 0 || start + size > s.size()) {
                    continue;
                }
                byte[] code = new byte[(int) size]; // .bss: zeros, as at boot
                if (!s.isNobits()) {
                    ByteBuffer b = elf.contents(s);
                    b.position((int) start);
                    b.get(code);
                }
                List<ObjectSymbol.Relocation> mine = new ArrayList<>();
                for (ObjectSymbol.Relocation r : relocations.getOrDefault(s.index(), List.of())) {
                    if (r.offset() >= start && r.offset() < start + size) {
                        mine.add(new ObjectSymbol.Relocation((int) (r.offset() - start), r.type(), r.width(),
                                r.target(), r.addend(), r.string()));
                    }
                }
                out.add(new ObjectSymbol(symbols.name(i), symbols.binding(i) != SymbolBinding.LOCAL,
                        symbols.binding(i) == SymbolBinding.WEAK, s.name(), function,
                        code, List.copyOf(mine)));
            }
            return out;
        }
    }

    /** The relocations of each section, by its index, sorted by offset. */
    private static Map<Integer, List<ObjectSymbol.Relocation>> relocations(ElfFile elf, SymbolTable symbols)
            throws IOException {
        Map<Integer, List<ObjectSymbol.Relocation>> out = new HashMap<>();
        for (ElfSection rela : elf.sections()) {
            if (rela.type() != ElfSection.SHT_RELA || rela.info() <= 0 || rela.info() >= elf.sections().size()) {
                continue;
            }
            ByteBuffer b = elf.contents(rela).order(ByteOrder.LITTLE_ENDIAN);
            List<ObjectSymbol.Relocation> list = new ArrayList<>();
            for (int at = 0; at + RELA_SIZE <= b.limit(); at += RELA_SIZE) {
                long offset = b.getLong(at);
                long info = b.getLong(at + 8);
                long addend = b.getLong(at + 16);
                // ELF symbol n is entry n - 1 of the table (which leaves out the null symbol).
                int sym = (int) (info >>> 32) - 1;
                int type = (int) info;
                String target = sym < 0 || sym >= symbols.size() ? "" : targetName(elf, symbols, sym);
                String string = sym >= 0 && sym < symbols.size() && isStrings(elf, symbols.sectionIndex(sym))
                        ? string(elf, elf.section(symbols.sectionIndex(sym)), addend + (pcRelative(type) ? 4 : 0))
                        : null;
                list.add(new ObjectSymbol.Relocation((int) offset, type, width(type), target, addend, string));
            }
            list.sort(Comparator.comparingInt(ObjectSymbol.Relocation::offset));
            out.put(rela.info(), list);
        }
        return out;
    }

    /** A symbol's name; a section symbol by its section's name. */
    private static String targetName(ElfFile elf, SymbolTable symbols, int sym) {
        if (symbols.type(sym) == SymbolType.SECTION && symbols.sectionIndex(sym) > 0
                && symbols.sectionIndex(sym) < elf.sections().size()) {
            return elf.section(symbols.sectionIndex(sym)).name();
        }
        return symbols.name(sym);
    }

    /**
     * Whether section {@code index} holds mergeable strings ({@code SHF_MERGE | SHF_STRINGS}):
     * {@code .rodata.str1.1}, or with {@code -fdata-sections} {@code .rodata.FUNCTION.str1.1}.
     */
    private static boolean isStrings(ElfFile elf, int index) {
        return index > 0 && index < elf.sections().size() && (elf.section(index).flags() & 0x30) == 0x30;
    }

    /** The NUL-terminated string at {@code at} of a string section, or null outside it. */
    private static String string(ElfFile elf, ElfSection section, long at) throws IOException {
        if (at < 0 || at >= section.size()) {
            return null;
        }
        ByteBuffer b = elf.contents(section);
        int end = (int) at;
        while (end < b.limit() && b.get(end) != 0) {
            end++;
        }
        byte[] s = new byte[end - (int) at];
        b.get((int) at, s);
        return new String(s, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Whether the field holds the target relative to itself (PC32, PLT32, PC64). */
    static boolean pcRelative(int type) {
        return type == 2 || type == 4 || type == 24;
    }

    /** The size of the field an x86-64 relocation writes. */
    static int width(int type) {
        return switch (type) {
            case 1, 24 -> 8; // R_X86_64_64, R_X86_64_PC64
            case 2, 4, 9, 10, 11, 41, 42 -> 4; // PC32, PLT32, GOTPCREL, 32, 32S, GOTPCRELX, REX_GOTPCRELX
            case 12, 13 -> 2; // 16, PC16
            case 14, 15 -> 1; // 8, PC8
            default -> 4;
        };
    }
}
