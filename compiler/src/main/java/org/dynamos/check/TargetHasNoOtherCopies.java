package org.dynamos.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.image.SourceFunction;
import org.dynamos.syntax.FunctionRef;

/**
 * W0210: the target's code lives only in the function replaced. Where gcc also inlined it into
 * other functions, or made other out-of-line copies (a static header function in several units,
 * {@code .isra}/{@code .constprop}/{@code .part} clones), those call sites keep running the old
 * code: the paper had to patch {@code link_path_walk} for its inlined {@code do_follow_link}.
 * Copies in functions the same update replaces too are left out: those run new code.
 */
public final class TargetHasNoOtherCopies implements TargetCheck {
    /** How many places each note list shows. */
    static final int SHOWN = 8;

    private final Set<Long> replacedByUpdate;

    /** For a target on its own ({@code dynamos inspect}): every other copy counts. */
    public TargetHasNoOtherCopies() {
        this(Set.of());
    }

    /** @param replacedByUpdate functions the same update replaces too: their copies get the new code */
    public TargetHasNoOtherCopies(Set<Long> replacedByUpdate) {
        this.replacedByUpdate = Set.copyOf(replacedByUpdate);
    }

    @Override
    public List<KernelSymbol> check(FunctionRef target, List<KernelSymbol> candidates, KernelImage image,
                                    Diagnostics out) {
        for (KernelSymbol s : candidates) {
            Optional<SourceFunction> source = image.sourceFunction(s);
            if (source.isEmpty()) {
                continue;
            }
            List<KernelSymbol> copies = source.get().otherCopies(s).stream()
                    .filter(c -> !replacedByUpdate.contains(c.address())).toList();
            List<KernelSymbol> inlined = source.get().inlinedInto().stream()
                    .filter(c -> c.address() != s.address() && !replacedByUpdate.contains(c.address())).toList();
            if (copies.isEmpty() && inlined.isEmpty()) {
                continue;
            }
            List<String> notes = new ArrayList<>();
            notes.addAll(places("inlined into", inlined, image));
            notes.addAll(places("copied out of line as", copies, image));
            out.add(Messages.of("W0210", target.name().span(), notes, s.name(),
                    summary(inlined.size(), copies.size())));
        }
        return candidates;
    }

    private static String summary(int inlined, int copies) {
        List<String> parts = new ArrayList<>();
        if (inlined > 0) {
            parts.add("inlined into " + inlined + " function" + (inlined == 1 ? "" : "s"));
        }
        if (copies > 0) {
            parts.add("has " + copies + " more out-of-line cop" + (copies == 1 ? "y" : "ies"));
        }
        return String.join(" and ", parts);
    }

    private static List<String> places(String what, List<KernelSymbol> symbols, KernelImage image) {
        List<String> notes = new ArrayList<>();
        for (KernelSymbol c : symbols.subList(0, Math.min(SHOWN, symbols.size()))) {
            notes.add(what + " " + c.name() + " (" + image.compileUnit(c).orElse(c.fileName() == null ? "?" : c.fileName())
                    + ")");
        }
        if (symbols.size() > SHOWN) {
            notes.add("... and " + (symbols.size() - SHOWN) + " more: `dynamos inspect` lists them all");
        }
        return notes;
    }
}
