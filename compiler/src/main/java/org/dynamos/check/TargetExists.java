package org.dynamos.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.diag.NameSuggestions;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.image.SourceFunction;
import org.dynamos.syntax.FunctionRef;

/**
 * The target names a symbol of the image. If not: E0211 when the compiler inlined the function
 * everywhere it is called (DWARF knows it, the symbol table does not), naming the functions that
 * hold its code; else E0201, suggesting the closest function names.
 */
public final class TargetExists implements TargetCheck {
    /** How many functions the E0211 notes show. */
    static final int SHOWN = 8;

    @Override
    public List<KernelSymbol> check(FunctionRef target, List<KernelSymbol> candidates, KernelImage image,
                                    Diagnostics out) {
        if (candidates.isEmpty()) {
            String name = target.name().text();
            Map<Long, KernelSymbol> into = new LinkedHashMap<>();
            for (SourceFunction f : image.inlinedOnly(name)) {
                if (target.unit().isEmpty() || TargetInUnit.matches(target.unit().get(), f.declaredIn(), null)
                        || f.inlinedInto().stream().anyMatch(c -> TargetInUnit.matches(target.unit().get(),
                        TargetInUnit.unitOf(c, image), c.fileName()))) {
                    f.inlinedInto().forEach(c -> into.putIfAbsent(c.address(), c));
                }
            }
            if (!into.isEmpty()) {
                out.add(inlined(target, new ArrayList<>(into.values()), image));
                return candidates;
            }
            List<String> close = NameSuggestions.closest(name, image.functionNames(), 3);
            String help = close.isEmpty()
                    ? "check the spelling; `grep -w NAME /proc/kallsyms` on the target machine shows whether it exists"
                    : "did you mean " + NameSuggestions.quoteList(close) + "?";
            out.add(Messages.of("E0201", target.name().span(), name, help));
        }
        return candidates;
    }

    private static org.dynamos.diag.Diagnostic inlined(FunctionRef target, List<KernelSymbol> into, KernelImage image) {
        List<String> notes = new ArrayList<>();
        for (KernelSymbol c : into.subList(0, Math.min(SHOWN, into.size()))) {
            notes.add("inlined into " + c.name() + " (" + TargetInUnit.unitOf(c, image) + ")");
        }
        if (into.size() > SHOWN) {
            notes.add("... and " + (into.size() - SHOWN) + " more");
        }
        KernelSymbol first = into.get(0);
        String unit = TargetInUnit.unitOf(first, image);
        String example = (unit == null || first.binding() != org.dynamos.image.SymbolBinding.LOCAL ? ""
                : "\"" + unit + "\":") + first.name();
        return Messages.of("E0211", target.name().span(), notes, target.name().text(), into.size(),
                into.size() == 1 ? "" : "s", example, into.size() == 1 ? "it" : "those");
    }
}
