package org.dynamos.clone;

import org.dynamos.image.RelocationType;
import static org.dynamos.image.RelocationType.*;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.dynamos.image.ElfFile;
import org.dynamos.image.ElfSection;

/**
 * The entries of one {@code SHT_RELA} section of a linked image ({@code --emit-relocs}), decoded into
 * parallel arrays sorted by the address of the field they fill ({@code r_offset} is a virtual address
 * in an executable). {@code R_X86_64_NONE} entries are dropped.
 */
final class RelaTable {

    private final long[] where;
    private final int[] type;
    private final int[] symbol;
    private final long[] addend;

    private RelaTable(long[] where, int[] type, int[] symbol, long[] addend) {
        this.where = where;
        this.type = type;
        this.symbol = symbol;
        this.addend = addend;
    }

    /** @return an empty table */
    static RelaTable empty() {
        return new RelaTable(new long[0], new int[0], new int[0], new long[0]);
    }

    /** @return the entries of {@code rela}, sorted by field address */
    static RelaTable read(ElfFile elf, ElfSection rela) throws IOException {
        ByteBuffer b = elf.contents(rela);
        int n = (int) (rela.size() / 24);
        long[] keys = new long[n];
        long[] w = new long[n];
        int[] t = new int[n];
        int[] s = new int[n];
        long[] a = new long[n];
        int m = 0;
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            int at = i * 24;
            long info = b.getLong(at + 8);
            int ty = (int) info;
            if (ty == R_X86_64_NONE) {
                continue;
            }
            w[m] = b.getLong(at);
            t[m] = ty;
            s[m] = (int) (info >>> 32);
            a[m] = b.getLong(at + 16);
            if (m > 0 && w[m] < w[m - 1]) {
                sorted = false;
            }
            m++;
        }
        if (!sorted) {
            Integer[] order = new Integer[m];
            for (int i = 0; i < m; i++) {
                order[i] = i;
            }
            final long[] ww = w;
            Arrays.sort(order, (x, y) -> Long.compare(ww[x], ww[y]));
            long[] w2 = new long[m];
            int[] t2 = new int[m];
            int[] s2 = new int[m];
            long[] a2 = new long[m];
            for (int i = 0; i < m; i++) {
                w2[i] = w[order[i]];
                t2[i] = t[order[i]];
                s2[i] = s[order[i]];
                a2[i] = a[order[i]];
            }
            return new RelaTable(w2, t2, s2, a2);
        }
        return new RelaTable(Arrays.copyOf(w, m), Arrays.copyOf(t, m), Arrays.copyOf(s, m), Arrays.copyOf(a, m));
    }

    /** @return the number of entries */
    int size() {
        return where.length;
    }

    /** @return the index of the first entry whose field address is at or after {@code address} */
    int firstAtOrAfter(long address) {
        int lo = 0;
        int hi = where.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (where[mid] < address) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    long where(int i) {
        return where[i];
    }

    int type(int i) {
        return type[i];
    }

    /** @return the symbol table index (ELF numbering: 0 is the null symbol) */
    int symbol(int i) {
        return symbol[i];
    }

    long addend(int i) {
        return addend[i];
    }

    /** @return the size in bytes of the field a relocation of {@code type} fills, 0 if unsupported */
    static int fieldSize(int type) {
        return switch (type) {
            case R_X86_64_PC32, R_X86_64_PLT32, R_X86_64_32, R_X86_64_32S -> 4;
            case R_X86_64_64, R_X86_64_PC64 -> 8;
            default -> 0;
        };
    }

}
