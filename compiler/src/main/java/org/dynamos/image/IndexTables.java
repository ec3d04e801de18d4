package org.dynamos.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The tables a per-kernel index adds to the vmlinux's symbol table (see {@link KernelIndex}),
 * read straight from the mapped sections: nothing is decoded before it is asked for.
 *
 * <p>Every table is a sorted pair table: {@code u32 count}, {@code u64 keys[count]} (ascending),
 * {@code u32 values[count]}; keys are addresses, values symbol-table indexes (0-based, as
 * {@link SymbolTable} counts) or ids.
 */
final class IndexTables {
    static final String HEADER = ".dynamos.index";
    static final String STRINGS = ".dynamos.strings";
    static final String UNITS = ".dynamos.units";
    static final String FUNCTIONS = ".dynamos.functions";
    static final String CALLERS = ".dynamos.callers";
    static final String THREADS = ".dynamos.threads";
    static final int MAGIC = 0x58495944; // "DYIX"

    private final ByteBuffer header;
    private final ByteBuffer strings;
    private final ByteBuffer units;
    private final ByteBuffer functions;
    private final PairTable callers;
    private final PairTable threads;
    private final int unitCount;
    private final PairTable unitRanges;
    private final int identityCount;
    private final PairTable identityOf;
    private final PairTable outOfLine;
    private final PairTable inlinedInto;

    /** A source function as the index stores it. */
    record Identity(String name, String declaredIn, int line, boolean noreturn) {
    }

    private IndexTables(ElfFile elf) throws IOException {
        this.header = elf.contents(need(elf, HEADER));
        this.strings = elf.contents(need(elf, STRINGS));
        this.units = elf.contents(need(elf, UNITS));
        this.functions = elf.contents(need(elf, FUNCTIONS));
        this.callers = new PairTable(elf.contents(need(elf, CALLERS)), 0);
        this.threads = new PairTable(elf.contents(need(elf, THREADS)), 0);
        if (header.getInt(0) != MAGIC) {
            throw new ElfFormatException(elf.label() + ": not a DynAMOS kernel index");
        }
        this.unitCount = units.getInt(0);
        // unit ranges: a pair table of start -> unit, followed by the ends, one u64 per range
        this.unitRanges = new PairTable(units, 4 + 4 * unitCount);
        this.identityCount = functions.getInt(0);
        int at = 4 + 16 * identityCount;
        this.identityOf = new PairTable(functions, at);
        this.outOfLine = new PairTable(functions, identityOf.end());
        this.inlinedInto = new PairTable(functions, outOfLine.end());
    }

    /** @return the tables of an index file, or empty for an ordinary image */
    static Optional<IndexTables> read(ElfFile elf) throws IOException {
        return elf.section(HEADER).isPresent() ? Optional.of(new IndexTables(elf)) : Optional.empty();
    }

    private static ElfSection need(ElfFile elf, String name) throws ElfFormatException {
        return elf.section(name).orElseThrow(() -> new ElfFormatException(elf.label() + ": index without " + name));
    }

    int version() {
        return header.getInt(4);
    }

    long vmlinuxSize() {
        return header.getLong(8);
    }

    long vmlinuxModified() {
        return header.getLong(16);
    }

    Optional<String> release() {
        String r = string(header.getInt(24));
        return r.isEmpty() ? Optional.empty() : Optional.of(r);
    }

    String vmlinuxPath() {
        return string(header.getInt(28));
    }

    /** @return the source path of the unit whose code covers {@code address} */
    Optional<String> unitAt(long address) {
        int i = unitRanges.lastAtOrBelow(address);
        if (i < 0) {
            return Optional.empty();
        }
        long end = units.getLong(unitRanges.end() + 8 * i);
        if (address - unitRanges.key(i) >= end - unitRanges.key(i)) {
            return Optional.empty();
        }
        return Optional.of(string(units.getInt(4 + 4 * unitRanges.value(i))));
    }

    /** @return the source function with an out-of-line instance at {@code entry}, or -1 */
    int identityAt(long entry) {
        int[] ids = identityOf.values(entry);
        return ids.length == 0 ? -1 : ids[0];
    }

    Identity identity(int id) {
        int at = 4 + 16 * id;
        return new Identity(string(functions.getInt(at)), string(functions.getInt(at + 4)), functions.getInt(at + 8),
                (functions.getInt(at + 12) & 1) != 0);
    }

    /** @return the ids of the source functions named {@code name} that have no out-of-line instance */
    int[] inlinedOnly(String name) {
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        int[] found = new int[0];
        for (int id = 0; id < identityCount; id++) {
            if (stringEquals(functions.getInt(4 + 16 * id), wanted) && outOfLine.values(id).length == 0) {
                found = Arrays.copyOf(found, found.length + 1);
                found[found.length - 1] = id;
            }
        }
        return found;
    }

    private boolean stringEquals(int at, byte[] wanted) {
        if (at <= 0 || at + wanted.length >= strings.limit()) {
            return false;
        }
        for (int i = 0; i < wanted.length; i++) {
            if (strings.get(at + i) != wanted[i]) {
                return false;
            }
        }
        return strings.get(at + wanted.length) == 0;
    }

    /** @return the symbol indexes of the out-of-line instances of source function {@code id} */
    int[] outOfLine(int id) {
        return outOfLine.values(id);
    }

    /** @return the symbol indexes of the functions source function {@code id} was inlined into */
    int[] inlinedInto(int id) {
        return inlinedInto.values(id);
    }

    /** @return the symbol indexes of the functions referring to the function at {@code address} */
    int[] callers(long address) {
        return callers.values(address);
    }

    /** @return the symbol indexes of the functions starting a kernel thread that runs {@code address} */
    int[] threadCreators(long address) {
        return threads.values(address);
    }

    private String string(int at) {
        if (at <= 0 || at >= strings.limit()) {
            return "";
        }
        int end = at;
        while (end < strings.limit() && strings.get(end) != 0) {
            end++;
        }
        byte[] b = new byte[end - at];
        strings.get(at, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A sorted pair table at {@code offset} of a section: count, keys, values. */
    static final class PairTable {
        private final ByteBuffer b;
        private final int count;
        private final int keys;
        private final int values;

        PairTable(ByteBuffer b, int offset) {
            this.b = b;
            this.count = b.getInt(offset);
            this.keys = offset + 4;
            this.values = keys + 8 * count;
        }

        /** @return the offset just past this table */
        int end() {
            return values + 4 * count;
        }

        long key(int i) {
            return b.getLong(keys + 8 * i);
        }

        int value(int i) {
            return b.getInt(values + 4 * i);
        }

        /** @return every value stored under {@code key}, in stored order */
        int[] values(long key) {
            int lo = 0;
            int hi = count;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (key(mid) < key) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            int n = 0;
            while (lo + n < count && key(lo + n) == key) {
                n++;
            }
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = value(lo + i);
            }
            return out;
        }

        /** @return the last entry whose key is at most {@code key}, or -1 */
        int lastAtOrBelow(long key) {
            int lo = 0;
            int hi = count;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (key(mid) <= key) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo - 1;
        }

        /** Writes a table of {@code (keys[i], values[i])}, sorted here by key then value. */
        static void write(java.io.DataOutput out, long[] keys, int[] values, int count) throws IOException {
            long[][] pairs = new long[count][];
            for (int i = 0; i < count; i++) {
                pairs[i] = new long[] {keys[i], values[i]};
            }
            Arrays.sort(pairs, (x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
            IndexWriter.u32(out, count);
            for (long[] p : pairs) {
                IndexWriter.u64(out, p[0]);
            }
            for (long[] p : pairs) {
                IndexWriter.u32(out, (int) p[1]);
            }
        }
    }
}
