package org.dynamos.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
            List<KernelSymbol> clones = clonesOf(name, image);
            if (!clones.isEmpty()) {
                out.add(clonedOnly(target, clones, new ArrayList<>(into.values()), image));
                return candidates;
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

    /** The out-of-line clones gcc made of {@code name} ({@code name.constprop.0}, ...). */
    static List<KernelSymbol> clonesOf(String name, KernelImage image) {
        List<KernelSymbol> clones = new ArrayList<>();
        for (String n : image.functionNames().tailSet(name + ".")) {
            if (!n.startsWith(name + ".")) {
                break;
            }
            if (CompilerClones.clone(n).filter(c -> c.original().equals(name)).isPresent()) {
                clones.addAll(image.symbols(n));
            }
        }
        return clones;
    }

    /**
     * E0212: {@code name} has no function of its own, only clones (and perhaps inlined copies): what
     * it became, who calls the clones, and the callers to replace instead.
     */
    private static org.dynamos.diag.Diagnostic clonedOnly(FunctionRef target, List<KernelSymbol> clones,
                                                          List<KernelSymbol> inlinedInto, KernelImage image) {
        List<String> notes = new ArrayList<>();
        Map<Long, KernelSymbol> holders = new LinkedHashMap<>();
        for (KernelSymbol c : clones) {
            List<KernelSymbol> callers = image.callers(c);
            callers.forEach(k -> holders.putIfAbsent(k.address(), k));
            String kind = CompilerClones.explain(CompilerClones.clone(c.name()).orElseThrow().kind());
            notes.add(c.name() + " (" + TargetInUnit.unitOf(c, image) + ") is " + kind + ", called by "
                    + (callers.isEmpty() ? "no function directly (only through a pointer)"
                    : callers.stream().limit(SHOWN).map(k -> k.name()).distinct().collect(Collectors.joining(", "))
                    + (callers.size() > SHOWN ? " and " + (callers.size() - SHOWN) + " more" : "")));
        }
        for (KernelSymbol c : inlinedInto.subList(0, Math.min(SHOWN, inlinedInto.size()))) {
            notes.add("also inlined into " + c.name() + " (" + TargetInUnit.unitOf(c, image) + ")");
            holders.putIfAbsent(c.address(), c);
        }
        String became = clones.stream().map(c -> "'" + c.name() + "'").collect(Collectors.joining(", "))
                + (inlinedInto.isEmpty() ? "" : " and inlined copies");
        List<KernelSymbol> replace = new ArrayList<>(holders.values());
        if (replace.isEmpty()) {
            return Messages.of("E0212", target.name().span(), notes, target.name().text(), became,
                    "the function that takes the clone's address", "CALLER");
        }
        KernelSymbol first = replace.get(0);
        String unit = TargetInUnit.unitOf(first, image);
        String example = (unit == null || first.binding() != org.dynamos.image.SymbolBinding.LOCAL ? ""
                : "\"" + unit + "\":") + first.name();
        String which = replace.size() == 1 ? "'" + first.name() + "'"
                : "the " + replace.size() + " functions holding its code (" + replace.stream().limit(SHOWN)
                .map(k -> k.name()).collect(Collectors.joining(", ")) + (replace.size() > SHOWN ? ", ..." : "") + ")";
        return Messages.of("E0212", target.name().span(), notes, target.name().text(), became, which, example);
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
