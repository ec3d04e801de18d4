package org.dynamos.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Decodes the {@code .symtab} of an ELF file into {@link KernelSymbol}s, in table order. */
public final class SymbolTableReader {
    private static final int SYM_SIZE = 24;

    private SymbolTableReader() {
    }

    /**
     * @return every symbol but the null entry at index 0, in table order; empty if there is no
     *         {@code .symtab}
     */
    public static List<KernelSymbol> read(ElfFile elf) throws IOException {
        Optional<ElfSection> symtab = elf.sectionOfType(ElfSection.SHT_SYMTAB);
        if (symtab.isEmpty()) {
            return List.of();
        }
        ElfSection st = symtab.get();
        ByteBuffer syms = elf.contents(st);
        ByteBuffer strBuf = elf.contents(elf.section(st.link()));
        byte[] strtab = new byte[strBuf.remaining()];
        strBuf.get(0, strtab);

        int count = (int) (st.size() / SYM_SIZE);
        String[] names = new String[count];
        long initBegin = 0;
        long initEnd = 0;
        for (int i = 1; i < count; i++) {
            String name = name(strtab, syms.getInt(i * SYM_SIZE));
            names[i] = name;
            if (name.equals("__init_begin")) {
                initBegin = syms.getLong(i * SYM_SIZE + 8);
            } else if (name.equals("__init_end")) {
                initEnd = syms.getLong(i * SYM_SIZE + 8);
            }
        }
        RegionClassifier regions = new RegionClassifier(elf.sections(), initBegin, initEnd);
        String[] sectionNames = new String[elf.sections().size()];
        for (ElfSection s : elf.sections()) {
            sectionNames[s.index()] = s.name();
        }

        List<KernelSymbol> out = new ArrayList<>(count);
        String file = null;
        for (int i = 1; i < count; i++) {
            int b = i * SYM_SIZE;
            int info = syms.get(b + 4) & 0xff;
            int shndx = Short.toUnsignedInt(syms.getShort(b + 6));
            long value = syms.getLong(b + 8);
            long size = syms.getLong(b + 16);
            SymbolType type = SymbolType.of(info & 0xf);
            SymbolBinding binding = SymbolBinding.of(info >>> 4);
            if (type == SymbolType.FILE) {
                file = basename(names[i]);
            }
            String section = switch (shndx) {
                case RegionClassifier.SHN_UNDEF -> "*UND*";
                case RegionClassifier.SHN_ABS -> "*ABS*";
                case RegionClassifier.SHN_COMMON -> "*COM*";
                default -> shndx < sectionNames.length ? sectionNames[shndx] : "*" + shndx + "*";
            };
            String fileName = binding == SymbolBinding.LOCAL && type != SymbolType.FILE ? file : null;
            out.add(new KernelSymbol(names[i], value, size, type, binding, section, fileName,
                    regions.classify(shndx, value)));
        }
        return Collections.unmodifiableList(out);
    }

    private static String name(byte[] strtab, int at) {
        if (at <= 0 || at >= strtab.length) {
            return "";
        }
        int end = at;
        while (end < strtab.length && strtab[end] != 0) {
            end++;
        }
        return new String(strtab, at, end - at, StandardCharsets.ISO_8859_1);
    }

    private static String basename(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
