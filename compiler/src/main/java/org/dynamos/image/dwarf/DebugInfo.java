package org.dynamos.image.dwarf;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.dynamos.image.ElfFile;

/**
 * The DWARF debug information of an image, read as little as each question needs: the compile
 * unit of an address costs the unit headers and {@code .debug_aranges}; the inline and copy
 * records of one function cost a walk of its unit (of every unit only for a static function declared
 * in a header, whose copies may be anywhere); {@link #allFunctions()} walks everything once (for
 * the per-kernel index). Not thread-safe.
 */
public final class DebugInfo {
    private final DwarfSections sections;
    private final DieWalker walker;
    private final Map<Long, Abbreviations> abbrevs = new HashMap<>();
    private CompileUnits units;
    private final Map<Integer, FunctionRecords> byUnit = new HashMap<>();
    private FunctionRecords all;

    private DebugInfo(DwarfSections sections) {
        this.sections = sections;
        this.walker = new DieWalker(sections);
    }

    /** @return the DWARF of {@code elf}, empty if it has none; sections are mapped, not read */
    public static Optional<DebugInfo> of(ElfFile elf) throws IOException {
        return DwarfSections.of(elf).map(DebugInfo::new);
    }

    /** @return the compile units and their address ranges */
    public CompileUnits units() throws DwarfFormatException {
        if (units == null) {
            units = CompileUnits.read(sections, walker);
        }
        return units;
    }

    /**
     * @param entry the entry address of an out-of-line function
     * @param local whether that function is static: only then can copies lie in other units
     * @return where the source function's code lives
     */
    public Optional<FunctionFacts> function(long entry, boolean local) throws DwarfFormatException {
        if (all != null) {
            return all.at(entry);
        }
        int unit = units().unitAt(entry);
        if (unit < 0) {
            return Optional.empty();
        }
        FunctionRecords own = byUnit.get(unit);
        if (own == null) {
            FunctionScan scan = new FunctionScan(units, walker, abbrevs);
            scan.scan(unit);
            own = scan.result();
            byUnit.put(unit, own);
        }
        Optional<FunctionFacts> facts = own.at(entry);
        if (facts.isPresent() && local && !facts.get().declaredIn().equals(units.path(unit))
                && !facts.get().declaredIn().isEmpty()) {
            return allFunctions().at(entry); // a static declared in a header: copies anywhere
        }
        return facts;
    }

    /** @return the records of every unit (walks all of {@code .debug_info} once) */
    public FunctionRecords allFunctions() throws DwarfFormatException {
        if (all == null) {
            FunctionScan scan = new FunctionScan(units(), walker, abbrevs);
            for (int i = 0; i < units.count(); i++) {
                scan.scan(i);
            }
            all = scan.result();
        }
        return all;
    }
}
