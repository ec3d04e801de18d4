package org.dynamos.image;

/**
 * One ELF64 section header, decoded.
 *
 * @param index     position in the section header table
 * @param name      name from the section header string table
 * @param type      {@code sh_type} (see the {@code SHT_*} constants)
 * @param flags     {@code sh_flags} (see the {@code SHF_*} constants)
 * @param address   {@code sh_addr}, the link-time address (0 in relocatable objects)
 * @param offset    {@code sh_offset}, where the contents start in the file
 * @param size      {@code sh_size} in bytes
 * @param link      {@code sh_link}
 * @param info      {@code sh_info}
 * @param alignment {@code sh_addralign}
 * @param entrySize {@code sh_entsize}
 */
public record ElfSection(int index, String name, int type, long flags, long address, long offset, long size,
                         int link, int info, long alignment, long entrySize) {
    public static final int SHT_PROGBITS = 1;
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_STRTAB = 3;
    public static final int SHT_RELA = 4;
    public static final int SHT_NOTE = 7;
    public static final int SHT_NOBITS = 8;
    /**
     * A section whose header is kept but whose contents were left out of a derived file (the
     * per-kernel index keeps every header of the vmlinux so symbol section indexes stay valid).
     * In the {@code SHT_LOUSER} range.
     */
    public static final int SHT_DYNAMOS_OMITTED = 0x8d790001;

    public static final long SHF_WRITE = 0x1;
    public static final long SHF_ALLOC = 0x2;
    public static final long SHF_EXECINSTR = 0x4;

    /** @return whether the section occupies memory at run time */
    public boolean isAlloc() {
        return (flags & SHF_ALLOC) != 0;
    }

    /** @return whether the section is writable at run time */
    public boolean isWritable() {
        return (flags & SHF_WRITE) != 0;
    }

    /** @return whether the section holds instructions */
    public boolean isExecutable() {
        return (flags & SHF_EXECINSTR) != 0;
    }

    /** @return whether the section has no bytes in the file ({@code .bss}) */
    public boolean isNobits() {
        return type == SHT_NOBITS;
    }

    /** @return whether this section's contents were left out of the file ({@link #SHT_DYNAMOS_OMITTED}) */
    public boolean isOmitted() {
        return type == SHT_DYNAMOS_OMITTED;
    }

    /** @return whether {@code addr} lies inside this section's address range */
    public boolean containsAddress(long addr) {
        return Long.compareUnsigned(addr, address) >= 0 && Long.compareUnsigned(addr - address, size) < 0;
    }
}
