package org.dynamos.clone;

import java.util.ArrayList;
import java.util.List;
import org.dynamos.image.SymbolTable;
import org.dynamos.image.SymbolType;

/** Names addresses for comments: {@code symbol+0xoff} by the nearest symbol at or below, per-CPU offsets apart. */
final class Symbolizer {
    private final SymbolTable symbols;
    private final long[] address;
    private final int[] index;
    private final long[] percpu;
    private final int[] percpuIndex;

    Symbolizer(SymbolTable symbols, int percpuSection) {
        this.symbols = symbols;
        List<long[]> rows = new ArrayList<>();
        List<long[]> pc = new ArrayList<>();
        for (int i = 0; i < symbols.size(); i++) {
            SymbolType t = symbols.type(i);
            int shndx = symbols.sectionIndex(i);
            if ((t == SymbolType.FUNC || t == SymbolType.OBJECT || t == SymbolType.NOTYPE) && shndx != 0
                    && shndx < 0xff00 && !symbols.name(i).isEmpty() && !symbols.name(i).startsWith(".L")) {
                (shndx == percpuSection ? pc : rows).add(new long[] {symbols.value(i), i, t == SymbolType.NOTYPE ? 1 : 0});
            }
        }
        rows.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[2], b[2]));
        pc.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[2], b[2]));
        this.address = rows.stream().mapToLong(r -> r[0]).toArray();
        this.index = rows.stream().mapToInt(r -> (int) r[1]).toArray();
        this.percpu = pc.stream().mapToLong(r -> r[0]).toArray();
        this.percpuIndex = pc.stream().mapToInt(r -> (int) r[1]).toArray();
    }

    /** @return {@code name+0xoff} for a kernel address */
    String name(long a) {
        return name(a, address, index);
    }

    /** @return {@code name+0xoff} for a per-CPU offset */
    String percpu(long offset) {
        return name(offset, percpu, percpuIndex);
    }

    private String name(long a, long[] at, int[] idx) {
        int lo = 0;
        int hi = at.length - 1;
        int best = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(at[mid], a) <= 0) {
                best = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (best < 0) {
            return "0x" + Long.toHexString(a);
        }
        long base = at[best];
        while (best > 0 && at[best - 1] == base) {
            best--;
        }
        long off = a - base;
        String n = symbols.name(idx[best]);
        return off == 0 ? n : n + "+0x" + Long.toHexString(off);
    }
}
