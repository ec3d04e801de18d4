package org.dynamos.check;

import java.util.List;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.syntax.FunctionRef;

/**
 * E0124: {@code restart thread ENTRY with NEW;} names a thread the runtime can stop and start with
 * its subsystem's own functions; any other thread could only be killed, which its subsystem would
 * notice (its task pointer left dangling, no thread to wake). Runs once the entry resolved, so a
 * misspelt entry is reported as such (E0201).
 */
public final class RestartedThreadIsRestartable implements TargetCheck {

    @Override
    public List<KernelSymbol> check(FunctionRef target, List<KernelSymbol> candidates, KernelImage image,
                                    Diagnostics out) {
        String entry = target.name().text();
        if (RestartableThreads.stopStart(entry).isPresent()) {
            return candidates;
        }
        out.add(Messages.of("E0124", target.span(), entry, RestartableThreads.known()));
        return List.of();
    }
}
