package org.dynamos.clone;

import org.dynamos.image.RelocationType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dynamos.image.ElfFile;
import org.dynamos.image.ElfSection;
import org.dynamos.image.SymbolTable;

/**
 * A relocatable object (an assembled clone) "linked" in memory for decoding: every allocated section
 * gets an address, every relocation of an allocated section is applied, and undefined symbols take the
 * addresses given (the anchor at its vmlinux address), so that tables decode to vmlinux-comparable
 * addresses. Test support.
 */
final class LinkedObject {
    final ElfFile elf;
    final SymbolTable symbols;

    private LinkedObject(ElfFile elf, SymbolTable symbols) {
        this.elf = elf;
        this.symbols = symbols;
    }

    static LinkedObject link(Path object, Map<String, Long> undefined) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(object)).order(ByteOrder.LITTLE_ENDIAN);
        ElfFile raw = ElfFile.of(object.toString(), b);
        long shoff = b.getLong(40);
        long[] base = new long[raw.sections().size()];
        long next = 0xffffffffc1000000L;
        for (ElfSection s : raw.sections()) {
            if (s.isAlloc()) {
                base[s.index()] = next;
                b.putLong((int) (shoff + 64L * s.index() + 16), next);
                next += (s.size() + 0xfff) & ~0xfffL;
                next += 0x1000;
            }
        }
        SymbolTable syms = SymbolTable.read(raw);
        for (ElfSection r : raw.sections()) {
            if (r.type() != ElfSection.SHT_RELA || r.info() <= 0 || !raw.section(r.info()).isAlloc()) {
                continue;
            }
            ElfSection target = raw.section(r.info());
            ByteBuffer rel = raw.contents(r);
            for (int i = 0; i + 24 <= rel.remaining(); i += 24) {
                long off = rel.getLong(i);
                long info = rel.getLong(i + 8);
                long addend = rel.getLong(i + 16);
                int type = (int) info;
                int sym = (int) (info >>> 32);
                long s = 0;
                if (sym != 0) {
                    int shndx = syms.sectionIndex(sym - 1);
                    String name = syms.name(sym - 1);
                    if (shndx == 0) {
                        Long u = undefined.get(name);
                        if (u == null) {
                            throw new IOException("undefined symbol " + name + " in " + object);
                        }
                        s = u;
                    } else if (shndx == 0xfff1) {
                        s = syms.value(sym - 1);
                    } else {
                        s = base[shndx] + syms.value(sym - 1);
                    }
                }
                int at = (int) (target.offset() + off);
                long p = base[target.index()] + off;
                switch (type) {
                    case RelocationType.R_X86_64_PC32, RelocationType.R_X86_64_PLT32 -> b.putInt(at, (int) (s + addend - p));
                    case RelocationType.R_X86_64_32, RelocationType.R_X86_64_32S -> b.putInt(at, (int) (s + addend));
                    case RelocationType.R_X86_64_64 -> b.putLong(at, s + addend);
                    case RelocationType.R_X86_64_PC64 -> b.putLong(at, s + addend - p);
                    case RelocationType.R_X86_64_NONE -> {
                    }
                    default -> throw new IOException("relocation type " + type + " in " + object);
                }
            }
        }
        ElfFile linked = ElfFile.of(object.toString(), b);
        return new LinkedObject(linked, SymbolTable.read(linked));
    }

    /** @return the linked address of a defined symbol */
    long address(String name) {
        int[] idx = symbols.indexesOf(name);
        if (idx.length != 1) {
            throw new IllegalArgumentException(name + ": " + idx.length + " definitions");
        }
        return elf.section(symbols.sectionIndex(idx[0])).address() + symbols.value(idx[0]);
    }

    KernelTables tables() throws IOException {
        return KernelTables.read(elf, symbols);
    }
}
