package org.dynamos.check;

import java.util.List;
import java.util.stream.Collectors;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.image.SymbolType;
import org.dynamos.syntax.FunctionRef;

/** E0202: the target is a function, not data, a per-CPU variable or an absolute symbol. */
public final class TargetIsFunction implements TargetCheck {

    @Override
    public List<KernelSymbol> check(FunctionRef target, List<KernelSymbol> candidates, KernelImage image,
                                    Diagnostics out) {
        List<KernelSymbol> functions = candidates.stream()
                .filter(s -> s.type() == SymbolType.FUNC).collect(Collectors.toList());
        if (functions.isEmpty() && !candidates.isEmpty()) {
            KernelSymbol s = candidates.get(0);
            out.add(Messages.of("E0202", target.name().span(), s.name(), describe(s)));
        }
        return functions;
    }

    private static String describe(KernelSymbol s) {
        return switch (s.region()) {
            case PERCPU -> "a per-CPU variable";
            case ABSOLUTE -> "an absolute symbol (a constant, not an address)";
            case TEXT, INIT, EXIT -> "a code label";
            default -> "a data symbol in " + s.section();
        };
    }
}
