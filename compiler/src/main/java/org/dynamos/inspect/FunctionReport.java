package org.dynamos.inspect;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.dynamos.diag.Diagnostic;
import org.dynamos.image.KernelSymbol;
import org.dynamos.image.SourceFunction;
import org.dynamos.image.btf.FunctionPrototype;

/**
 * Everything the compiler knows about one kernel function, as {@code dynamos inspect} prints it.
 *
 * @param symbol            the function
 * @param textStart         the address of {@code _text}, for image-relative offsets (0 if unknown)
 * @param compileUnit       the source path of its compile unit
 * @param aliases           other names at its address
 * @param prototype         its BTF prototype
 * @param fentryOffset      where its fentry call site is, if it has one
 * @param source            its DWARF declaration, inlined and out-of-line copies
 * @param inlinedInto       the functions it was inlined into
 * @param otherCopies       its other out-of-line instances
 * @param kprobeBlacklisted whether {@code NOKPROBE_SYMBOL} lists it
 * @param callers           the functions that call or reference it
 * @param threadCreators    the functions that start a kernel thread running it
 * @param findings          every finding of the target checks, as for {@code replace NAME with ...}
 * @param module            the loadable module defining it, empty for the kernel image; then
 *                          {@code textStart} is the start of the function's section, whose
 *                          address is synthetic (a module's is known only once it loads)
 */
public record FunctionReport(KernelSymbol symbol, long textStart, Optional<String> compileUnit,
                             List<KernelSymbol> aliases, Optional<FunctionPrototype> prototype,
                             OptionalLong fentryOffset, Optional<SourceFunction> source, List<Place> inlinedInto,
                             List<Place> otherCopies, boolean kprobeBlacklisted, List<Place> callers,
                             List<KernelSymbol> threadCreators, List<Diagnostic> findings, Optional<String> module) {

    /**
     * A function listed in a report, with the compile unit that tells apart statics sharing a name.
     *
     * @param symbol the function
     * @param unit   its compile unit's source path, or its file name, or empty
     */
    public record Place(KernelSymbol symbol, String unit) {
        @Override
        public String toString() {
            return unit.isEmpty() ? symbol.name() : symbol.name() + " (" + unit + ")";
        }
    }

    public FunctionReport {
        aliases = List.copyOf(aliases);
        inlinedInto = List.copyOf(inlinedInto);
        otherCopies = List.copyOf(otherCopies);
        callers = List.copyOf(callers);
        threadCreators = List.copyOf(threadCreators);
        findings = List.copyOf(findings);
    }
}
