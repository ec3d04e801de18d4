package org.dynamos.check;

import java.util.List;
import java.util.Map;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.syntax.ReplaceDecl;

/**
 * E0207: the target is not in a section where the kernel forbids
 * instrumentation (noinstr, entry code, the kprobe-blacklisted text).
 */
public final class TargetIsTraceable implements TargetCheck {
    private static final Map<String, String> FORBIDDEN = Map.of(
            ".noinstr.text", "noinstr code (.noinstr.text), which must never be instrumented",
            ".entry.text", "the kernel entry code (.entry.text)",
            ".kprobes.text", "code the kernel forbids probing (.kprobes.text)",
            ".cpuidle.text", "the CPU idle code (.cpuidle.text), which runs with RCU off");

    @Override
    public List<KernelSymbol> check(ReplaceDecl replace, List<KernelSymbol> candidates, KernelImage image,
                                    Diagnostics out) {
        for (KernelSymbol s : candidates) {
            String why = FORBIDDEN.get(s.section());
            if (why != null) {
                out.add(Messages.of("E0207", replace.target().name().span(), s.name(), why));
                return List.of();
            }
        }
        return candidates;
    }
}
