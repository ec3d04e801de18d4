package org.dynamos.check;

import java.util.List;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.syntax.FunctionRef;

/**
 * W0211: the target is not on the kprobe blacklist ({@code NOKPROBE_SYMBOL}). The kernel keeps
 * probes out of such functions because they run where a probe is unsafe (the probe machinery
 * itself, exception and NMI paths). Redirection through ftrace does not use kprobes, so this is a
 * warning; writing a jump over such a function (the trampoline backend) would be an error.
 */
public final class TargetIsNotKprobeBlacklisted implements TargetCheck {

    @Override
    public List<KernelSymbol> check(FunctionRef target, List<KernelSymbol> candidates, KernelImage image,
                                    Diagnostics out) {
        for (KernelSymbol s : candidates) {
            if (image.kprobeBlacklisted(s)) {
                out.add(Messages.of("W0211", target.name().span(), s.name()));
            }
        }
        return candidates;
    }
}
