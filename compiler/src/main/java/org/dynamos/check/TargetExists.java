package org.dynamos.check;

import java.util.List;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.diag.NameSuggestions;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.syntax.FunctionRef;

/** E0201: the target names a symbol of the image; if not, suggest the closest function names. */
public final class TargetExists implements TargetCheck {

    @Override
    public List<KernelSymbol> check(FunctionRef target, List<KernelSymbol> candidates, KernelImage image,
                                    Diagnostics out) {
        if (candidates.isEmpty()) {
            String name = target.name().text();
            List<String> close = NameSuggestions.closest(name, image.functionNames(), 3);
            String help = close.isEmpty()
                    ? "check the spelling; `grep -w NAME /proc/kallsyms` on the target machine shows whether it exists"
                    : "did you mean " + NameSuggestions.quoteList(close) + "?";
            out.add(Messages.of("E0201", target.name().span(), name, help));
        }
        return candidates;
    }
}
