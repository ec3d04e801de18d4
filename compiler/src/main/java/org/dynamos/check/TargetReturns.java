package org.dynamos.check;

import java.util.List;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.image.SourceFunction;
import org.dynamos.syntax.FunctionRef;

/**
 * W0213: the target returns. A {@code noreturn} function (DWARF {@code DW_AT_noreturn}) is never
 * left by a task inside it, so that task runs the old code for good, and a safe point waiting for
 * the old version to drain waits forever.
 */
public final class TargetReturns implements TargetCheck {

    @Override
    public List<KernelSymbol> check(FunctionRef target, List<KernelSymbol> candidates, KernelImage image,
                                    Diagnostics out) {
        for (KernelSymbol s : candidates) {
            if (image.sourceFunction(s).map(SourceFunction::noreturn).orElse(false)) {
                out.add(Messages.of("W0213", target.name().span(), s.name()));
            }
        }
        return candidates;
    }
}
