package org.dynamos.check;

import java.util.List;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.syntax.FunctionRef;

/**
 * E0205: the target has an fentry call site, so ftrace can redirect it.
 * (Functions without one need the trampoline backend, which is not built yet.)
 */
public final class TargetHasFentry implements TargetCheck {

    @Override
    public List<KernelSymbol> check(FunctionRef target, List<KernelSymbol> candidates, KernelImage image,
                                    Diagnostics out) {
        for (KernelSymbol s : candidates) {
            if (image.fentryOffset(s).isEmpty()) {
                out.add(Messages.of("E0205", target.name().span(), s.name()));
                return List.of();
            }
        }
        return candidates;
    }
}
