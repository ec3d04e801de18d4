package org.dynamos.clone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dynamos.image.SymbolBinding;
import org.dynamos.image.SymbolTable;
import org.dynamos.image.SymbolType;

/**
 * The function symbols of one text section sorted by address, one entry per address (aliases such as
 * {@code __x64_sys_getppid}/{@code __do_sys_getppid} collapse to one, a global name preferred).
 */
final class FunctionIndex {
    private final long[] start;
    private final long[] size;
    private final int[] symbol;
    private final SymbolTable table;

    private FunctionIndex(long[] start, long[] size, int[] symbol, SymbolTable table) {
        this.start = start;
        this.size = size;
        this.symbol = symbol;
        this.table = table;
    }

    /** @return the functions defined in section {@code sectionName} */
    static FunctionIndex of(SymbolTable table, String sectionName, int sectionIndex) {
        List<long[]> rows = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            if (table.type(i) == SymbolType.FUNC && table.sectionIndex(i) == sectionIndex) {
                rows.add(new long[] {table.value(i), table.symbolSize(i), i});
            }
        }
        rows.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(b[1], a[1]));
        long[] st = new long[rows.size()];
        long[] sz = new long[rows.size()];
        int[] sy = new int[rows.size()];
        int n = 0;
        for (long[] r : rows) {
            if (n > 0 && st[n - 1] == r[0]) {
                // An alias: keep the larger size and prefer a global name.
                sz[n - 1] = Math.max(sz[n - 1], r[1]);
                if (table.binding(sy[n - 1]) == SymbolBinding.LOCAL && table.binding((int) r[2]) != SymbolBinding.LOCAL) {
                    sy[n - 1] = (int) r[2];
                }
                continue;
            }
            st[n] = r[0];
            sz[n] = r[1];
            sy[n] = (int) r[2];
            n++;
        }
        return new FunctionIndex(Arrays.copyOf(st, n), Arrays.copyOf(sz, n), Arrays.copyOf(sy, n), table);
    }

    int count() {
        return start.length;
    }

    long start(int i) {
        return start[i];
    }

    long size(int i) {
        return size[i];
    }

    /** @return the symbol table index of entry {@code i} */
    int symbol(int i) {
        return symbol[i];
    }

    String name(int i) {
        return table.name(symbol[i]);
    }

    /** @return the entry starting exactly at {@code address}, or -1 */
    int at(long address) {
        int i = Arrays.binarySearch(start, address);
        return i >= 0 ? i : -1;
    }

    /** @return the entry whose extent contains {@code address}, or -1 */
    int containing(long address) {
        int i = Arrays.binarySearch(start, address);
        if (i >= 0) {
            return i;
        }
        int prev = -i - 2;
        return prev >= 0 && address < start[prev] + size[prev] ? prev : -1;
    }
}
