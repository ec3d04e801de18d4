package org.dynamos.check;

import java.util.List;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.image.Region;
import org.dynamos.syntax.FunctionRef;

/** E0206: the target is not in .init.* or .exit.text, which a running kernel no longer has. */
public final class TargetIsLive implements TargetCheck {

    @Override
    public List<KernelSymbol> check(FunctionRef target, List<KernelSymbol> candidates, KernelImage image,
                                    Diagnostics out) {
        for (KernelSymbol s : candidates) {
            if (s.region() == Region.INIT || s.region() == Region.EXIT) {
                if (image instanceof org.dynamos.image.ModuleImage m) {
                    out.add(Messages.of("E0206", target.name().span(), java.util.List.of("module " + m.name()
                            + "'s " + s.section() + (s.region() == Region.INIT
                            ? " is freed once the module's init has run" : " runs only as the module unloads")),
                            s.name(), s.section()));
                } else {
                    out.add(Messages.of("E0206", target.name().span(), s.name(), s.section()));
                }
                return List.of();
            }
        }
        return candidates;
    }
}
