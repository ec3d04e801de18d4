package org.dynamos.bind;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dynamos.image.ElfFile;
import org.dynamos.image.ElfFormatException;
import org.dynamos.image.ElfSection;

/**
 * An x86-64 relocatable object (a kernel module, {@code .ko}) held in memory for editing: its
 * symbol table and {@code SHT_RELA} entries can be read and rewritten in place, and a global
 * undefined symbol appended.
 */
final class ModuleElf {
    static final int SHN_UNDEF = 0;
    static final int SHN_ABS = 0xfff1;
    static final int STB_GLOBAL = 1;
    private static final int SYM_SIZE = 24;
    private static final int RELA_SIZE = 24;
    private static final int SHDR_SIZE = 64;
    private static final int VERSION_SIZE = 64;
    static final String VERSIONS = "__versions";

    /**
     * One symbol table entry.
     *
     * @param index position in {@code .symtab}
     * @param name  name from the linked string table
     * @param info  {@code st_info}
     * @param shndx {@code st_shndx}
     * @param value {@code st_value}
     */
    record Symbol(int index, String name, int info, int shndx, long value) {
        int binding() {
            return info >>> 4;
        }
    }

    /**
     * One relocation entry.
     *
     * @param section the {@code SHT_RELA} section holding it
     * @param entry   its index in that section
     * @param offset  {@code r_offset} in the section it applies to
     * @param symbol  symbol index
     * @param type    relocation type ({@code R_X86_64_*})
     * @param addend  {@code r_addend}
     */
    record Rela(ElfSection section, int entry, long offset, int symbol, int type, long addend) {
    }

    private final String label;
    private ByteBuffer data;
    private ElfFile elf;
    private ElfSection symtab;

    ModuleElf(String label, byte[] bytes) throws ElfFormatException {
        this.label = label;
        load(bytes);
        if (elf.type() != ElfFile.ET_REL) {
            throw new ElfFormatException(label + ": not a relocatable object (a .ko is ET_REL)");
        }
    }

    private void load(byte[] bytes) throws ElfFormatException {
        this.data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.elf = ElfFile.of(label, data);
        this.symtab = elf.sectionOfType(ElfSection.SHT_SYMTAB)
                .orElseThrow(() -> new ElfFormatException(label + ": no symbol table"));
        if (symtab.entrySize() != SYM_SIZE || !fits(symtab) || !fits(elf.section(symtab.link()))) {
            throw new ElfFormatException(label + ": malformed symbol table");
        }
    }

    private boolean fits(ElfSection s) {
        return s.offset() >= 0 && s.size() >= 0 && s.offset() + s.size() <= data.capacity();
    }

    /** @return the number of symbol table entries, the null entry included */
    int symbolCount() {
        return (int) (symtab.size() / SYM_SIZE);
    }

    Symbol symbol(int index) {
        int b = (int) symtab.offset() + index * SYM_SIZE;
        ElfSection strtab = elf.section(symtab.link());
        int nameOff = data.getInt(b);
        String name = nameOff == 0 || nameOff >= strtab.size() ? ""
                : ElfFile.cString(data.slice((int) strtab.offset(), (int) strtab.size()), nameOff);
        return new Symbol(index, name, data.get(b + 4) & 0xff, Short.toUnsignedInt(data.getShort(b + 6)),
                data.getLong(b + 8));
    }

    /** @return {@code st_size} of a symbol */
    long symbolSize(int index) {
        return data.getLong((int) symtab.offset() + index * SYM_SIZE + 16);
    }

    /** @return the index of the section a relocation section applies to */
    int targetIndex(Rela r) {
        return r.section().info();
    }

    List<Symbol> symbols() {
        List<Symbol> out = new ArrayList<>();
        for (int i = 0; i < symbolCount(); i++) {
            out.add(symbol(i));
        }
        return out;
    }

    /** Sets a symbol's section index and value. */
    void setSymbol(int index, int shndx, long value) {
        int b = (int) symtab.offset() + index * SYM_SIZE;
        data.putShort(b + 6, (short) shndx);
        data.putLong(b + 8, value);
    }

    /** @return every entry of every {@code SHT_RELA} section that refers to the symbol table */
    List<Rela> relocations() throws ElfFormatException {
        List<Rela> out = new ArrayList<>();
        for (ElfSection s : elf.sections()) {
            if (s.type() != ElfSection.SHT_RELA || s.link() != symtab.index()) {
                continue;
            }
            if (!fits(s) || s.size() % RELA_SIZE != 0) {
                throw new ElfFormatException(label + ": malformed relocation section " + s.name());
            }
            int n = (int) (s.size() / RELA_SIZE);
            for (int i = 0; i < n; i++) {
                int b = (int) s.offset() + i * RELA_SIZE;
                long info = data.getLong(b + 8);
                out.add(new Rela(s, i, data.getLong(b), (int) (info >>> 32), (int) info, data.getLong(b + 16)));
            }
        }
        return out;
    }

    /** Rewrites one relocation entry's symbol and addend (its type is kept). */
    void setRelocation(Rela r, int symbol, long addend) {
        int b = (int) r.section().offset() + r.entry() * RELA_SIZE;
        data.putLong(b + 8, ((long) symbol << 32) | Integer.toUnsignedLong(r.type()));
        data.putLong(b + 16, addend);
    }

    /** @return the name of the section a relocation section applies to */
    String targetName(Rela r) {
        int target = r.section().info();
        return target > 0 && target < elf.sections().size() ? elf.section(target).name() : r.section().name();
    }

    /**
     * Appends a global undefined symbol (NOTYPE, default visibility). The symbol and string tables
     * grow by moving to the end of the file; {@code sh_info} (first non-local index) stays right
     * because the new entry is global and last.
     *
     * @return the new symbol's index
     */
    int appendUndefinedGlobal(String name) throws ElfFormatException {
        ElfSection strtab = elf.section(symtab.link());
        int nameOffset = (int) strtab.size();
        grow(strtab.index(), (name + "\0").getBytes(StandardCharsets.UTF_8));
        ByteBuffer sym = ByteBuffer.allocate(SYM_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        sym.putInt(0, nameOffset);
        sym.put(4, (byte) (STB_GLOBAL << 4));
        sym.putShort(6, (short) SHN_UNDEF);
        int index = symbolCount();
        grow(symtab.index(), sym.array());
        return index;
    }

    /** @return the {@code __versions} section (CRCs the loader checks), if the module has one */
    Optional<ElfSection> versions() {
        return elf.section(VERSIONS);
    }

    /** Adds a {@code struct modversion_info} entry (8-byte CRC, 56-byte name) to {@code __versions}. */
    void appendVersion(long crc, String name) throws ElfFormatException {
        ElfSection v = versions().orElseThrow(() -> new ElfFormatException(label + ": no " + VERSIONS + " section"));
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length >= VERSION_SIZE - 8) {
            throw new ElfFormatException(label + ": symbol name too long for " + VERSIONS + ": " + name);
        }
        ByteBuffer e = ByteBuffer.allocate(VERSION_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        e.putLong(0, crc);
        e.put(8, n);
        grow(v.index(), e.array());
    }

    /**
     * Moves section {@code index} to the end of the file with {@code extra} appended to its
     * contents, and repoints its header. The old bytes stay where they were, unreferenced.
     */
    private void grow(int index, byte[] extra) throws ElfFormatException {
        ElfSection s = elf.section(index);
        long offset = align(data.capacity(), Math.max(8, Math.min(s.alignment(), 64)));
        long size = s.size() + extra.length;
        if (offset + size > Integer.MAX_VALUE) {
            throw new ElfFormatException(label + ": module too large");
        }
        byte[] out = new byte[(int) (offset + size)];
        data.get(0, out, 0, data.capacity());
        ByteBuffer o = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        o.put((int) offset, data, (int) s.offset(), (int) s.size());
        o.put((int) (offset + s.size()), extra);
        int b = (int) (data.getLong(40) + (long) index * SHDR_SIZE);
        o.putLong(b + 24, offset);
        o.putLong(b + 32, size);
        load(out);
    }

    private static long align(long v, long a) {
        return (v + a - 1) & -a;
    }

    /** @return the current file image */
    byte[] bytes() {
        return data.array();
    }
}
