package org.dynamos.check;

import java.util.List;
import java.util.stream.Collectors;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.syntax.FunctionRef;

/**
 * W0212: the target is not the main function of a kernel thread, found as a function whose
 * address (not a call of it) is handed to {@code kthread_create_on_node} (what {@code kthread_run}
 * calls) and the like, later in the same function. A running thread never re-enters its main function, so redirecting the entry changes
 * nothing for it: the paper's {@code kswapd} case, which needs the thread restarted.
 */
public final class TargetIsNotThreadLoop implements TargetCheck {

    @Override
    public List<KernelSymbol> check(FunctionRef target, List<KernelSymbol> candidates, KernelImage image,
                                    Diagnostics out) {
        for (KernelSymbol s : candidates) {
            List<KernelSymbol> creators = image.threadCreators(s);
            if (!creators.isEmpty()) {
                String by = creators.stream().map(c -> "'" + c.name() + "'").distinct().collect(Collectors.joining(", "));
                out.add(Messages.of("W0212", target.name().span(), s.name(), by));
            }
        }
        return candidates;
    }
}
