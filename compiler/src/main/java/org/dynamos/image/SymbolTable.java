package org.dynamos.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * The {@code .symtab} of an ELF file, decoded lazily: entries are read from the mapped section when
 * asked for, and names are found through an open-addressing hash table built over the string
 * table's bytes, so opening a 119k-symbol vmlinux allocates a few megabytes and no per-symbol
 * objects. Index 0 (the null symbol) is skipped: symbol {@code i} here is table entry {@code i + 1}.
 */
public final class SymbolTable {
    private static final int SYM_SIZE = 24;
    private static final int STT_SECTION = 3;
    private static final int STT_FILE = 4;

    private final ByteBuffer syms;
    private final byte[] strtab;
    private final int count;
    private final int[] slots;
    private final int[] fileSymbols;
    private final String[] sectionNames;
    private final RegionClassifier regions;

    private SymbolTable(ElfFile elf, ElfSection symtab) throws IOException {
        this.syms = elf.contents(symtab);
        ByteBuffer str = elf.contents(elf.section(symtab.link()));
        this.strtab = new byte[str.remaining()];
        str.get(0, strtab);
        this.count = Math.max(0, (int) (symtab.size() / SYM_SIZE) - 1);
        this.slots = new int[Integer.highestOneBit(Math.max(count, 8)) * 4];
        List<Integer> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int b = (i + 1) * SYM_SIZE;
            int type = syms.get(b + 4) & 0xf;
            if (type == STT_FILE) {
                files.add(i);
                continue;
            }
            int name = syms.getInt(b);
            if (type == STT_SECTION || name <= 0 || name >= strtab.length || strtab[name] == 0) {
                continue;
            }
            int slot = hash(name) & (slots.length - 1);
            while (slots[slot] != 0) {
                slot = (slot + 1) & (slots.length - 1);
            }
            slots[slot] = i + 1;
        }
        this.fileSymbols = files.stream().mapToInt(Integer::intValue).toArray();
        this.sectionNames = elf.sections().stream().map(ElfSection::name).toArray(String[]::new);
        this.regions = new RegionClassifier(elf.sections(), valueOf("__init_begin"), valueOf("__init_end"));
    }

    /** @return the symbol table of {@code elf}, empty if it has none */
    public static SymbolTable read(ElfFile elf) throws IOException {
        Optional<ElfSection> symtab = elf.sectionOfType(ElfSection.SHT_SYMTAB);
        if (symtab.isEmpty()) {
            return new SymbolTable(elf, new ElfSection(0, "", ElfSection.SHT_SYMTAB, 0, 0, 0, 0, 0, 0, 0, SYM_SIZE));
        }
        return new SymbolTable(elf, symtab.get());
    }

    /** @return the number of symbols (the null entry not counted) */
    public int size() {
        return count;
    }

    /** @return symbol {@code i} (0-based, table order) */
    public KernelSymbol get(int i) {
        int b = (i + 1) * SYM_SIZE;
        int info = syms.get(b + 4) & 0xff;
        int shndx = Short.toUnsignedInt(syms.getShort(b + 6));
        long value = syms.getLong(b + 8);
        SymbolType type = SymbolType.of(info & 0xf);
        SymbolBinding binding = SymbolBinding.of(info >>> 4);
        String section = switch (shndx) {
            case RegionClassifier.SHN_UNDEF -> "*UND*";
            case RegionClassifier.SHN_ABS -> "*ABS*";
            case RegionClassifier.SHN_COMMON -> "*COM*";
            default -> shndx < sectionNames.length ? sectionNames[shndx] : "*" + shndx + "*";
        };
        String file = binding == SymbolBinding.LOCAL && type != SymbolType.FILE ? fileOf(i) : null;
        return new KernelSymbol(name(i), value, syms.getLong(b + 16), type, binding, section, file,
                regions.classify(shndx, value));
    }

    /** @return the name of symbol {@code i} */
    public String name(int i) {
        return string(syms.getInt((i + 1) * SYM_SIZE));
    }

    /** @return the ELF type of symbol {@code i}, without decoding the rest */
    public SymbolType type(int i) {
        return SymbolType.of(syms.get((i + 1) * SYM_SIZE + 4) & 0xf);
    }

    /** @return the ELF binding of symbol {@code i}, without decoding the rest */
    public SymbolBinding binding(int i) {
        return SymbolBinding.of((syms.get((i + 1) * SYM_SIZE + 4) & 0xff) >>> 4);
    }

    /** @return the value ({@code st_value}) of symbol {@code i} */
    public long value(int i) {
        return syms.getLong((i + 1) * SYM_SIZE + 8);
    }

    /** @return every symbol, as a list view that decodes entries when read */
    public List<KernelSymbol> asList() {
        return new View();
    }

    /**
     * @return the indexes of all symbols named {@code name} (section and file symbols excluded), in
     *         table order
     */
    public int[] indexesOf(String name) {
        byte[] key = name.getBytes(StandardCharsets.ISO_8859_1);
        int h = 0;
        for (byte c : key) {
            h = 31 * h + (c & 0xff);
        }
        int[] found = new int[2];
        int n = 0;
        for (int slot = mix(h) & (slots.length - 1); slots[slot] != 0; slot = (slot + 1) & (slots.length - 1)) {
            int i = slots[slot] - 1;
            if (nameEquals(syms.getInt((i + 1) * SYM_SIZE), key)) {
                if (n == found.length) {
                    found = Arrays.copyOf(found, n * 2);
                }
                found[n++] = i;
            }
        }
        int[] out = Arrays.copyOf(found, n);
        Arrays.sort(out);
        return out;
    }

    /** @return all symbols named {@code name} */
    public List<KernelSymbol> named(String name) {
        int[] idx = indexesOf(name);
        List<KernelSymbol> out = new ArrayList<>(idx.length);
        for (int i : idx) {
            out.add(get(i));
        }
        return out;
    }

    private long valueOf(String name) {
        int[] idx = indexesOf(name);
        return idx.length == 0 ? 0 : value(idx[0]);
    }

    private String fileOf(int i) {
        int at = Arrays.binarySearch(fileSymbols, i);
        int prev = at >= 0 ? at : -at - 2;
        if (prev < 0) {
            return null;
        }
        String path = name(fileSymbols[prev]);
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private int hash(int at) {
        int h = 0;
        for (int p = at; p < strtab.length && strtab[p] != 0; p++) {
            h = 31 * h + (strtab[p] & 0xff);
        }
        return mix(h);
    }

    private static int mix(int h) {
        return h ^ (h >>> 16) ^ (h >>> 7);
    }

    private boolean nameEquals(int at, byte[] key) {
        if (at <= 0 || at + key.length >= strtab.length + 1) {
            return false;
        }
        for (int k = 0; k < key.length; k++) {
            if (strtab[at + k] != key[k]) {
                return false;
            }
        }
        return at + key.length == strtab.length || strtab[at + key.length] == 0;
    }

    private String string(int at) {
        if (at <= 0 || at >= strtab.length) {
            return "";
        }
        int end = at;
        while (end < strtab.length && strtab[end] != 0) {
            end++;
        }
        return new String(strtab, at, end - at, StandardCharsets.ISO_8859_1);
    }

    private final class View extends AbstractList<KernelSymbol> implements RandomAccess {
        @Override
        public KernelSymbol get(int index) {
            if (index < 0 || index >= count) {
                throw new IndexOutOfBoundsException(index);
            }
            return SymbolTable.this.get(index);
        }

        @Override
        public int size() {
            return count;
        }
    }
}
