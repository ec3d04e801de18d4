package org.dynamos.clone;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dynamos.image.ElfFile;
import org.dynamos.image.ElfSection;
import org.dynamos.image.SymbolTable;

/**
 * The per-address tables of a linked kernel image (see {@link TableKind}), decoded from their bytes
 * (their relocations are not used: the build sorts {@code __ex_table} and ORC in place and leaves
 * stale or {@code R_X86_64_NONE} entries) and sorted by site. Tables the linker merged into other
 * sections ({@code __jump_table}, {@code .static_call_sites}, {@code __mcount_loc}) are found
 * through their {@code __start_}/{@code __stop_} symbols.
 */
final class KernelTables {
    private final Map<TableKind, Sorted> byKind = new EnumMap<>(TableKind.class);
    private final List<long[]> embedded = new ArrayList<>();

    /** Entries of one kind as parallel arrays sorted by site. */
    private record Sorted(long[] site, long[] target, long[] key, long[] data) {
        int first(long address) {
            int lo = 0;
            int hi = site.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (site[mid] < address) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    private KernelTables() {
    }

    static KernelTables read(ElfFile elf, SymbolTable symbols) throws IOException {
        KernelTables t = new KernelTables();
        for (TableKind kind : TableKind.values()) {
            Optional<Range> range = locate(elf, symbols, kind);
            if (range.isEmpty()) {
                continue;
            }
            Range r = range.get();
            if (!r.ownSection()) {
                t.embedded.add(new long[] {r.address(), r.address() + r.bytes().remaining()});
            }
            t.byKind.put(kind, decode(elf, kind, r));
        }
        Optional<Range> mcount = bySymbols(elf, symbols, "__start_mcount_loc", "__stop_mcount_loc");
        mcount.ifPresent(r -> t.embedded.add(new long[] {r.address(), r.address() + r.bytes().remaining()}));
        return t;
    }

    /** A table's bytes and the address of its first byte. */
    private record Range(long address, ByteBuffer bytes, boolean ownSection) {
    }

    private static Optional<Range> locate(ElfFile elf, SymbolTable symbols, TableKind kind) throws IOException {
        Optional<ElfSection> own = elf.section(kind.section());
        if (own.isPresent() && own.get().isAlloc() && own.get().size() > 0) {
            return Optional.of(new Range(own.get().address(), elf.contents(own.get()), true));
        }
        return switch (kind) {
            case JUMP_LABEL -> bySymbols(elf, symbols, "__start___jump_table", "__stop___jump_table");
            case STATIC_CALL -> bySymbols(elf, symbols, "__start_static_call_sites", "__stop_static_call_sites");
            default -> Optional.empty();
        };
    }

    private static Optional<Range> bySymbols(ElfFile elf, SymbolTable symbols, String start, String stop)
            throws IOException {
        int[] a = symbols.indexesOf(start);
        int[] b = symbols.indexesOf(stop);
        if (a.length != 1 || b.length != 1) {
            return Optional.empty();
        }
        long from = symbols.value(a[0]);
        long to = symbols.value(b[0]);
        if (to <= from) {
            return Optional.empty();
        }
        for (ElfSection s : elf.sections()) {
            if (s.isAlloc() && !s.isNobits() && s.address() != 0 && s.containsAddress(from)
                    && to - s.address() <= s.size()) {
                return Optional.of(new Range(from, elf.range(s.offset() + (from - s.address()), to - from), false));
            }
        }
        return Optional.empty();
    }

    private static Sorted decode(ElfFile elf, TableKind kind, Range r) throws IOException {
        ByteBuffer b = r.bytes();
        int n = b.remaining() / kind.entrySize();
        long[] site = new long[n];
        long[] target = new long[n];
        long[] key = new long[n];
        long[] data = new long[n];
        ByteBuffer orc = null;
        if (kind == TableKind.ORC) {
            Optional<ElfSection> entries = elf.section(".orc_unwind");
            if (entries.isEmpty()) {
                return new Sorted(new long[0], new long[0], new long[0], new long[0]);
            }
            orc = elf.contents(entries.get());
        }
        int m = 0;
        for (int i = 0; i < n; i++) {
            int at = i * kind.entrySize();
            long e = r.address() + at;
            switch (kind) {
                case EXCEPTION -> {
                    site[m] = e + b.getInt(at);
                    target[m] = e + 4 + b.getInt(at + 4);
                    data[m] = b.getInt(at + 8);
                }
                case BUG -> {
                    site[m] = e + b.getInt(at);
                    target[m] = e + 4 + b.getInt(at + 4);
                    data[m] = Short.toUnsignedLong(b.getShort(at + 8)) | Short.toUnsignedLong(b.getShort(at + 10)) << 16;
                }
                case ORC -> {
                    site[m] = e + b.getInt(at);
                    long v = 0;
                    for (int k = 0; k < 6; k++) {
                        v |= (orc.get(i * 6 + k) & 0xffL) << (8 * k);
                    }
                    data[m] = v;
                }
                case ALTERNATIVE -> {
                    site[m] = e + b.getInt(at);
                    target[m] = e + 4 + b.getInt(at + 4);
                    data[m] = Short.toUnsignedLong(b.getShort(at + 8)) | (b.get(at + 10) & 0xffL) << 16
                            | (b.get(at + 11) & 0xffL) << 24;
                }
                case PARAVIRT -> {
                    site[m] = b.getLong(at);
                    key[m] = (b.get(at + 8) & 0xffL) | (b.get(at + 9) & 0xffL) << 8;
                }
                case JUMP_LABEL -> {
                    site[m] = e + b.getInt(at);
                    target[m] = e + 4 + b.getInt(at + 4);
                    key[m] = e + 8 + b.getLong(at + 8);
                }
                case STATIC_CALL -> {
                    site[m] = e + b.getInt(at);
                    key[m] = e + 4 + b.getInt(at + 4);
                }
                case RETPOLINE, RETURN, SMP_LOCK -> {
                    int v = b.getInt(at);
                    if (v == 0 && kind == TableKind.SMP_LOCK) {
                        continue; // padding at the end of the section
                    }
                    site[m] = e + v;
                }
                default -> throw new IllegalStateException(kind.toString());
            }
            m++;
        }
        // Sort by site (the kernel sorts some tables itself at boot; the file order is not guaranteed).
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        final long[] s0 = site;
        java.util.Arrays.sort(order, (x, y) -> Long.compare(s0[x], s0[y]));
        long[] s2 = new long[m];
        long[] t2 = new long[m];
        long[] k2 = new long[m];
        long[] d2 = new long[m];
        for (int i = 0; i < m; i++) {
            s2[i] = site[order[i]];
            t2[i] = target[order[i]];
            k2[i] = key[order[i]];
            d2[i] = data[order[i]];
        }
        return new Sorted(s2, t2, k2, d2);
    }

    /** @return whether {@code address} lies inside a table the linker embedded in another section */
    boolean isTableAddress(long address) {
        for (long[] r : embedded) {
            if (address >= r[0] && address < r[1]) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the image has this table */
    boolean has(TableKind kind) {
        return byKind.containsKey(kind);
    }

    /** @return how many entries of this kind the image has */
    int count(TableKind kind) {
        Sorted s = byKind.get(kind);
        return s == null ? 0 : s.site().length;
    }

    /** @return the entries of {@code kind} whose site lies in {@code [from, to)}, by site */
    List<TableEntry> in(TableKind kind, long from, long to) {
        Sorted s = byKind.get(kind);
        if (s == null) {
            return List.of();
        }
        List<TableEntry> out = new ArrayList<>();
        for (int i = s.first(from); i < s.site().length && s.site()[i] < to; i++) {
            out.add(new TableEntry(kind, s.site()[i], s.target()[i], s.key()[i], s.data()[i]));
        }
        return out;
    }

    /** @return the last entry of {@code kind} whose site is at or before {@code address}, if any */
    Optional<TableEntry> inEffectAt(TableKind kind, long address) {
        Sorted s = byKind.get(kind);
        if (s == null) {
            return Optional.empty();
        }
        int i = s.first(address + 1) - 1;
        if (i < 0) {
            return Optional.empty();
        }
        return Optional.of(new TableEntry(kind, s.site()[i], s.target()[i], s.key()[i], s.data()[i]));
    }
}
