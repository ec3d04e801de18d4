package org.dynamos.image.dwarf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the subprogram and inlined-subroutine entries of some units, then groups them by source
 * function: every out-of-line instance (entry address) and every inlining (the entry address of the
 * outermost function the code was inlined into). A source function is known by its name and
 * declaration (file and line), found by following {@code DW_AT_abstract_origin} and
 * {@code DW_AT_specification}, so the copies of a static header function in many units are one.
 */
final class FunctionScan implements DieWalker.Visitor {
    private static final int MAX_CHAIN = 16;

    private final CompileUnits units;
    private final DieWalker walker;
    private final Map<Long, Abbreviations> abbrevs;

    // subprogram entries, in .debug_info order
    private int n;
    private int[] die = new int[1024];
    private int[] unitOf = new int[1024];
    private long[] name = new long[1024];
    private byte[] nameForm = new byte[1024];
    private int[] origin = new int[1024];
    private int[] spec = new int[1024];
    private int[] declFile = new int[1024];
    private int[] declLine = new int[1024];
    private long[] entry = new long[1024];
    private boolean[] noreturn = new boolean[1024];

    // inlined-subroutine entries
    private int m;
    private int[] inlOrigin = new int[1024];
    private long[] inlCaller = new long[1024];

    // walk state
    private int currentUnit;
    private Unit current;
    private final int[] openDepth = new int[64];
    private final long[] openEntry = new long[64];
    private int open;

    FunctionScan(CompileUnits units, DieWalker walker, Map<Long, Abbreviations> abbrevs) {
        this.units = units;
        this.walker = walker;
        this.abbrevs = abbrevs;
    }

    /** Walks unit {@code index}; units must be scanned in increasing order. */
    void scan(int index) throws DwarfFormatException {
        currentUnit = index;
        current = units.unit(index);
        open = 0;
        walker.walk(current, CompileUnits.abbreviations(units.sections(), abbrevs, current.abbrevOffset), this, false);
    }

    @Override
    public boolean wants(int tag) {
        return tag == Dwarf.TAG_SUBPROGRAM || tag == Dwarf.TAG_INLINED_SUBROUTINE;
    }

    @Override
    public void visit(Die d) throws DwarfFormatException {
        while (open > 0 && openDepth[open - 1] >= d.depth) {
            open--;
        }
        if (d.tag == Dwarf.TAG_INLINED_SUBROUTINE) {
            if (open > 0 && d.origin >= 0) {
                if (m == inlOrigin.length) {
                    inlOrigin = Arrays.copyOf(inlOrigin, m * 2);
                    inlCaller = Arrays.copyOf(inlCaller, m * 2);
                }
                inlOrigin[m] = (int) d.origin;
                inlCaller[m] = openEntry[0];
                m++;
            }
            return;
        }
        long start = entryOf(d);
        if (n == die.length) {
            grow();
        }
        die[n] = d.offset;
        unitOf[n] = currentUnit;
        name[n] = d.name;
        nameForm[n] = (byte) d.nameForm;
        origin[n] = (int) d.origin;
        spec[n] = (int) d.specification;
        declFile[n] = d.declFile;
        declLine[n] = d.declLine;
        entry[n] = start;
        noreturn[n] = d.noreturn;
        n++;
        if (start != 0 && d.hasChildren && open < openDepth.length) {
            openDepth[open] = d.depth;
            openEntry[open] = start;
            open++;
        }
    }

    private long entryOf(Die d) throws DwarfFormatException {
        if (d.declaration) {
            return 0;
        }
        if (d.hasLowPc && d.lowPc != 0) {
            return d.lowPc;
        }
        if (d.ranges >= 0 && d.rangesForm != Dwarf.FORM_RNGLISTX) {
            long[] first = {0};
            RangeLists.read(units.sections(), current, d.ranges, units.info(currentUnit).lowPc(), (s, e) -> {
                first[0] = s;
                return 1;
            });
            return first[0];
        }
        return 0;
    }

    private void grow() {
        int size = n * 2;
        die = Arrays.copyOf(die, size);
        unitOf = Arrays.copyOf(unitOf, size);
        name = Arrays.copyOf(name, size);
        nameForm = Arrays.copyOf(nameForm, size);
        origin = Arrays.copyOf(origin, size);
        spec = Arrays.copyOf(spec, size);
        declFile = Arrays.copyOf(declFile, size);
        declLine = Arrays.copyOf(declLine, size);
        entry = Arrays.copyOf(entry, size);
        noreturn = Arrays.copyOf(noreturn, size);
    }

    /** @return how many subprogram and inlined-subroutine entries were seen */
    int[] counts() {
        return new int[] {n, m};
    }

    /** Groups what was scanned by source function. */
    FunctionRecords result() throws DwarfFormatException {
        Map<Integer, LineFiles> files = new HashMap<>();
        Map<String, Integer> identities = new HashMap<>();
        List<FunctionRecords.Identity> list = new ArrayList<>();
        int[] identityOf = new int[n];
        Arrays.fill(identityOf, -2); // -2: not computed, -1: none
        for (int i = 0; i < n; i++) {
            if (entry[i] != 0) {
                identity(i, identityOf, identities, list, files);
            }
        }
        long[] entries = new long[n];
        int[] entryIds = new int[n];
        int e = 0;
        for (int i = 0; i < n; i++) {
            if (entry[i] != 0 && identityOf[i] >= 0) {
                entries[e] = entry[i];
                entryIds[e++] = identityOf[i];
            }
        }
        long[] callers = new long[m];
        int[] callerIds = new int[m];
        int c = 0;
        for (int j = 0; j < m; j++) {
            int i = indexOf(inlOrigin[j]);
            if (i >= 0) {
                int id = identity(i, identityOf, identities, list, files);
                if (id >= 0) {
                    callers[c] = inlCaller[j];
                    callerIds[c++] = id;
                }
            }
        }
        return new FunctionRecords(list, entries, entryIds, e, callers, callerIds, c);
    }

    private int identity(int i, int[] identityOf, Map<String, Integer> identities,
                         List<FunctionRecords.Identity> list, Map<Integer, LineFiles> files) throws DwarfFormatException {
        if (identityOf[i] != -2) {
            return identityOf[i];
        }
        String fnName = "";
        int file = -1;
        int line = 0;
        int fileUnit = unitOf[i];
        boolean nr = false;
        int k = i;
        for (int step = 0; step < MAX_CHAIN && k >= 0; step++) {
            if (fnName.isEmpty() && name[k] >= 0) {
                fnName = walker.string(name[k], nameForm[k]);
            }
            if (file < 0 && declFile[k] >= 0) {
                file = declFile[k];
                line = declLine[k];
                fileUnit = unitOf[k];
            }
            nr |= noreturn[k];
            int next = origin[k] >= 0 ? origin[k] : spec[k];
            k = next >= 0 ? indexOf(next) : -1;
        }
        if (fnName.isEmpty()) {
            identityOf[i] = -1;
            return -1;
        }
        String path = file < 0 ? "" : filePath(fileUnit, file, files);
        String key = fnName + '\0' + path + '\0' + line;
        Integer id = identities.get(key);
        if (id == null) {
            id = list.size();
            identities.put(key, id);
            list.add(new FunctionRecords.Identity(fnName, path, line, nr));
        } else if (nr && !list.get(id).noreturn()) {
            FunctionRecords.Identity old = list.get(id);
            list.set(id, new FunctionRecords.Identity(old.name(), old.declaredIn(), old.line(), true));
        }
        identityOf[i] = id;
        return id;
    }

    private String filePath(int unit, int file, Map<Integer, LineFiles> cache) throws DwarfFormatException {
        LineFiles table = cache.get(unit);
        if (table == null) {
            CompileUnits.UnitInfo info = units.info(unit);
            table = LineFiles.read(units.sections(), info.stmtList(), info.compDir());
            cache.put(unit, table);
        }
        return table.path(file);
    }

    /** @return the record of the subprogram entry at {@code .debug_info} offset {@code offset}, or -1 */
    private int indexOf(int offset) {
        int i = Arrays.binarySearch(die, 0, n, offset);
        return i >= 0 ? i : -1;
    }
}
