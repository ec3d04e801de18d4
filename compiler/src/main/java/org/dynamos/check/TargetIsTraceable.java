package org.dynamos.check;

import java.util.List;
import java.util.Optional;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.syntax.FunctionRef;

/**
 * E0207: the target is not in a text range where the kernel forbids
 * instrumentation. The linker merges these input sections into .text, so
 * the ranges come from the marker symbols the kernel's linker script defines.
 */
public final class TargetIsTraceable implements TargetCheck {

    /** A forbidden range, by its marker symbols ({@code __<name>_start} / {@code __<name>_end}). */
    record Range(String marker, String why) {
    }

    static final List<Range> FORBIDDEN = List.of(
            new Range("noinstr_text", "noinstr code, which must never be instrumented"),
            new Range("entry_text", "the kernel entry code"),
            new Range("kprobes_text", "code the kernel forbids probing (the kprobe blacklist's text)"),
            new Range("cpuidle_text", "the CPU idle code, which runs with RCU off"),
            new Range("irqentry_text", "the interrupt entry code"),
            new Range("softirqentry_text", "the softirq entry code"));

    @Override
    public List<KernelSymbol> check(FunctionRef target, List<KernelSymbol> candidates, KernelImage image,
                                    Diagnostics out) {
        for (KernelSymbol s : candidates) {
            for (Range r : FORBIDDEN) {
                if (inside(s, r, image)) {
                    out.add(Messages.of("E0207", target.name().span(), s.name(), r.why()));
                    return List.of();
                }
            }
        }
        return candidates;
    }

    private static boolean inside(KernelSymbol s, Range r, KernelImage image) {
        Optional<Long> start = address(image, "__" + r.marker() + "_start");
        Optional<Long> end = address(image, "__" + r.marker() + "_end");
        return start.isPresent() && end.isPresent()
                && Long.compareUnsigned(s.address(), start.get()) >= 0 && Long.compareUnsigned(s.address(), end.get()) < 0;
    }

    private static Optional<Long> address(KernelImage image, String name) {
        List<KernelSymbol> found = image.symbols(name);
        return found.size() == 1 ? Optional.of(found.get(0).address()) : Optional.empty();
    }
}
