package org.dynamos.check;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.syntax.FunctionRef;

/**
 * E0203: the target names exactly one function (several names at one address are one function).
 * The notes list every candidate with its compile unit's source path, which is what to write.
 */
public final class TargetIsUnique implements TargetCheck {

    @Override
    public List<KernelSymbol> check(FunctionRef target, List<KernelSymbol> candidates, KernelImage image,
                                    Diagnostics out) {
        Map<Long, KernelSymbol> byAddress = new TreeMap<>();
        for (KernelSymbol s : candidates) {
            byAddress.putIfAbsent(s.address(), s);
        }
        if (byAddress.size() <= 1) {
            return candidates.isEmpty() ? candidates : List.of(candidates.get(0));
        }
        List<String> notes = byAddress.values().stream()
                .map(s -> String.format("candidate: %s at 0x%x (%d bytes) in %s", s.name(), s.address(), s.size(),
                        describe(TargetInUnit.unitOf(s, image))))
                .collect(Collectors.toList());
        KernelSymbol first = byAddress.values().iterator().next();
        String unit = TargetInUnit.unitOf(first, image);
        String example = unit == null ? "file.c" : unit;
        out.add(Messages.of("E0203", target.name().span(), notes, first.name(), byAddress.size(), example));
        return List.of();
    }

    private static String describe(String unit) {
        return unit == null ? "an unknown compile unit" : unit;
    }
}
