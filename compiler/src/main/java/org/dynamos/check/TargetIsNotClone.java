package org.dynamos.check;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.syntax.FunctionRef;

/**
 * E0208: the target is not a clone gcc made ({@code .isra}, {@code .constprop}, {@code .part}):
 * those have a calling convention of gcc's choosing and no BTF prototype, so no C function can
 * replace them. The help names the functions that call the clone, which are what to replace.
 */
public final class TargetIsNotClone implements TargetCheck {
    /** How many callers the help names before summing up the rest. */
    static final int SHOWN = 6;

    @Override
    public List<KernelSymbol> check(FunctionRef target, List<KernelSymbol> candidates, KernelImage image,
                                    Diagnostics out) {
        for (KernelSymbol s : candidates) {
            Optional<CompilerClones.Clone> clone = CompilerClones.clone(s.name());
            if (clone.isPresent()) {
                List<String> callers = image.callers(s).stream().map(c -> c.name()).distinct()
                        .collect(Collectors.toList());
                out.add(Messages.of("E0208", target.name().span(), s.name(), clone.get().original(),
                        CompilerClones.explain(clone.get().kind()), listing(callers)));
                return List.of();
            }
        }
        return candidates;
    }

    /** @return "replace its callers instead: a, b" or why there are none to name */
    static String listing(List<String> callers) {
        if (callers.isEmpty()) {
            return "no direct caller is in the image (it is reached through a pointer or a short jump): "
                    + "replace the function that uses it";
        }
        String shown = callers.stream().limit(SHOWN).map(c -> "'" + c + "'").collect(Collectors.joining(", "));
        return "replace its caller" + (callers.size() == 1 ? "" : "s") + " instead: " + shown
                + (callers.size() > SHOWN ? " and " + (callers.size() - SHOWN) + " more" : "");
    }
}
