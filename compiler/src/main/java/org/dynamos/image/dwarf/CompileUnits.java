package org.dynamos.image.dwarf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which compile unit each code address belongs to, cheaply: the unit headers and the first entry
 * of each unit (its name and directory), and the address ranges of {@code .debug_aranges} (units
 * it does not cover fall back to their entry's {@code low_pc}/{@code high_pc}/{@code ranges}).
 * No other entry of {@code .debug_info} is read.
 */
public final class CompileUnits {
    private final DwarfSections sections;
    private final DieWalker walker;
    private final List<Unit> units;
    private final UnitInfo[] infos;
    private final long[] starts;
    private final long[] ends;
    private final int[] owners;

    /** One unit: where it is and what it is called. */
    record UnitInfo(Unit unit, String path, String compDir, long stmtList, long lowPc, List<long[]> ranges) {
    }

    private CompileUnits(DwarfSections sections, DieWalker walker, List<Unit> units, UnitInfo[] infos,
                         long[] starts, long[] ends, int[] owners) {
        this.sections = sections;
        this.walker = walker;
        this.units = units;
        this.infos = infos;
        this.starts = starts;
        this.ends = ends;
        this.owners = owners;
    }

    /**
     * Reads the unit headers and {@code .debug_aranges}; the entry of a unit is read when its name
     * is first asked for, or now if {@code .debug_aranges} does not cover it.
     */
    static CompileUnits read(DwarfSections s, DieWalker walker) throws DwarfFormatException {
        List<Unit> units = new ArrayList<>();
        Map<Integer, Integer> byOffset = new HashMap<>();
        int at = 0;
        while (at < s.info.limit()) {
            Unit u = Unit.read(s.info, at);
            at = u.end;
            if (u.unitType == Unit.UT_COMPILE || u.unitType == Unit.UT_PARTIAL) {
                byOffset.put(u.offset, units.size());
                units.add(u);
            }
        }
        UnitInfo[] infos = new UnitInfo[units.size()];
        List<long[]> ranges = new ArrayList<>();
        boolean[] covered = new boolean[units.size()];
        readAranges(s, byOffset, ranges, covered);
        for (int i = 0; i < units.size(); i++) {
            if (!covered[i]) {
                infos[i] = firstEntry(s, walker, units.get(i));
                for (long[] r : infos[i].ranges()) {
                    ranges.add(new long[] {r[0], r[1], i});
                }
            }
        }
        ranges.sort((x, y) -> Long.compareUnsigned(x[0], y[0]));
        long[] starts = new long[ranges.size()];
        long[] ends = new long[ranges.size()];
        int[] owners = new int[ranges.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = ranges.get(i)[0];
            ends[i] = ranges.get(i)[1];
            owners[i] = (int) ranges.get(i)[2];
        }
        return new CompileUnits(s, walker, List.copyOf(units), infos, starts, ends, owners);
    }

    /** Decodes the unit's own entry, with the abbreviation table read only as far as its code. */
    private static UnitInfo firstEntry(DwarfSections s, DieWalker walker, Unit u) throws DwarfFormatException {
        long code = new Cursor(s.info, u.firstDie).uleb();
        Abbreviations a = Abbreviations.read(s.abbrev, u.abbrevOffset, code);
        Die[] first = new Die[1];
        walker.walk(u, a, new DieWalker.Visitor() {
            @Override
            public boolean wants(int tag) {
                return true;
            }

            @Override
            public void visit(Die d) {
                first[0] = d;
            }
        }, true);
        Die d = first[0];
        if (d == null) {
            return new UnitInfo(u, "", "", -1, 0, List.of());
        }
        String compDir = walker.string(d.compDir, d.compDirForm);
        String name = SourcePaths.normalize(walker.string(d.name, d.nameForm), compDir);
        long base = d.hasLowPc ? d.lowPc : 0;
        List<long[]> own = new ArrayList<>();
        if (d.hasLowPc && d.hasHighPc) {
            long end = d.highPcIsOffset ? d.lowPc + d.highPc : d.highPc;
            if (end != d.lowPc) {
                own.add(new long[] {d.lowPc, end});
            }
        } else if (d.ranges >= 0 && d.rangesForm != Dwarf.FORM_RNGLISTX) {
            RangeLists.read(s, u, d.ranges, base, (x, y) -> {
                own.add(new long[] {x, y});
                return 0;
            });
        }
        return new UnitInfo(u, name, compDir, d.stmtList, base, own);
    }

    static Abbreviations abbreviations(DwarfSections s, Map<Long, Abbreviations> cache, long offset)
            throws DwarfFormatException {
        Abbreviations a = cache.get(offset);
        if (a == null) {
            a = Abbreviations.read(s.abbrev, offset);
            cache.put(offset, a);
        }
        return a;
    }

    private static void readAranges(DwarfSections s, Map<Integer, Integer> byOffset, List<long[]> out,
                                    boolean[] covered) throws DwarfFormatException {
        ByteBuffer b = s.aranges;
        int at = 0;
        try {
            while (at + 16 <= b.limit()) {
                Cursor c = new Cursor(b, at);
                long length = c.u32();
                int offsetSize = 4;
                if (length == 0xffffffffL) {
                    length = c.u64();
                    offsetSize = 8;
                }
                int end = (int) (c.pos + length);
                c.u16(); // version
                long unitOffset = c.offset(offsetSize);
                int addressSize = c.u8();
                int segmentSize = c.u8();
                int tuple = 2 * addressSize + segmentSize;
                int header = c.pos - at;
                c.pos = at + ((header + tuple - 1) / tuple) * tuple; // tuples are aligned to their size
                Integer unit = byOffset.get((int) unitOffset);
                while (c.pos + tuple <= end) {
                    c.pos += segmentSize;
                    long start = c.address(addressSize);
                    long len = c.address(addressSize);
                    if (start == 0 && len == 0) {
                        break;
                    }
                    if (unit != null && len != 0) {
                        out.add(new long[] {start, start + len, unit});
                        covered[unit] = true;
                    }
                }
                at = end;
            }
        } catch (IndexOutOfBoundsException e) {
            throw new DwarfFormatException(".debug_aranges+0x" + Integer.toHexString(at) + ": set runs past the section");
        }
    }

    /** @return the number of units */
    public int count() {
        return units.size();
    }

    /** @return the source path of unit {@code index} ({@code fs/proc/cmdline.c}) */
    public String path(int index) throws DwarfFormatException {
        return info(index).path();
    }

    /** @return the index of the unit whose code covers {@code address}, or -1 */
    public int unitAt(long address) {
        int lo = 0;
        int hi = starts.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        // ranges do not overlap in a linked image; scan back a little in case of empty or nested ones
        for (int i = found; i >= 0 && i > found - 4; i--) {
            if (Long.compareUnsigned(address, starts[i]) >= 0 && Long.compareUnsigned(address, ends[i]) < 0) {
                return owners[i];
            }
        }
        return -1;
    }

    /** @return how many address ranges the units have */
    public int rangeCount() {
        return starts.length;
    }

    /** @return the start of range {@code i} (ranges are sorted by start) */
    public long rangeStart(int i) {
        return starts[i];
    }

    /** @return the end (exclusive) of range {@code i} */
    public long rangeEnd(int i) {
        return ends[i];
    }

    /** @return the unit of range {@code i} */
    public int rangeUnit(int i) {
        return owners[i];
    }

    /** @return the address ranges ({@code [start, end)} pairs) of the unit covering {@code address}, or none */
    public List<long[]> rangesAt(long address) {
        int u = unitAt(address);
        List<long[]> out = new ArrayList<>();
        if (u >= 0) {
            for (int i = 0; i < starts.length; i++) {
                if (owners[i] == u) {
                    out.add(new long[] {starts[i], ends[i]});
                }
            }
        }
        return out;
    }

    /** @return the source path of the unit covering {@code address} */
    public Optional<String> pathAt(long address) throws DwarfFormatException {
        int u = unitAt(address);
        return u < 0 ? Optional.empty() : Optional.of(path(u));
    }

    synchronized UnitInfo info(int index) throws DwarfFormatException {
        if (infos[index] == null) {
            infos[index] = firstEntry(sections, walker, units.get(index));
        }
        return infos[index];
    }

    /** @return the unit header of unit {@code index} */
    Unit unit(int index) {
        return units.get(index);
    }

    /** @return the index of the unit starting at {@code .debug_info} offset {@code offset}, or -1 */
    int indexOfOffset(long offset) {
        int lo = 0;
        int hi = units.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Unit u = units.get(mid);
            if (offset < u.offset) {
                hi = mid - 1;
            } else if (offset >= u.end) {
                lo = mid + 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    DwarfSections sections() {
        return sections;
    }
}
