package org.dynamos.check;

import java.util.List;
import java.util.Optional;
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
                out.add(Messages.of("E0205", target.name().span(), s.name(), why(s, image)));
                return List.of();
            }
        }
        return candidates;
    }

    /**
     * Why there is no fentry site: when other functions of the same compile unit have one, the
     * function itself is notrace, or inline (which the kernel defines to imply notrace); otherwise
     * its whole file is built without -pg.
     */
    static String why(KernelSymbol s, KernelImage image) {
        String file = s.fileName();
        if (file == null) {
            return "it is marked notrace, or inline, which implies notrace, or its file is built without tracing";
        }
        Optional<String> unit = image.compileUnit(s);
        boolean traced = image.symbols().stream()
                .filter(o -> file.equals(o.fileName()) && o.isFunction() && o.address() != s.address())
                .filter(o -> image.fentryOffset(o).isPresent())
                .anyMatch(o -> unit.isEmpty() || image.compileUnit(o).equals(unit));
        return traced
                ? "other functions of " + unit.orElse(file) + " have one: it is marked notrace, or inline, which implies notrace"
                : "its file " + unit.orElse(file) + " is built without tracing";
    }
}
