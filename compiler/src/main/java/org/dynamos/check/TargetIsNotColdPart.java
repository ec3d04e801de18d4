package org.dynamos.check;

import java.util.List;
import java.util.Optional;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.syntax.FunctionRef;

/**
 * E0209: the target is not the cold part gcc split off a function ({@code foo.cold}): no call
 * enters it, its parent jumps into it; replacing the parent replaces it too.
 */
public final class TargetIsNotColdPart implements TargetCheck {

    @Override
    public List<KernelSymbol> check(FunctionRef target, List<KernelSymbol> candidates, KernelImage image,
                                    Diagnostics out) {
        for (KernelSymbol s : candidates) {
            Optional<String> parent = CompilerClones.coldPartOf(s.name());
            if (parent.isPresent()) {
                out.add(Messages.of("E0209", target.name().span(), s.name(), parent.get()));
                return List.of();
            }
        }
        return candidates;
    }
}
