package org.dynamos.check;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.diag.NameSuggestions;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.syntax.FunctionRef;

/**
 * E0204: when the target names its compile unit ({@code "fs/namei.c":name}),
 * keep the candidates defined there. The symbol table records only the
 * unit's file name, so the directory part is not yet used to tell apart two
 * units with the same file name (those stay ambiguous: E0203).
 */
public final class TargetInUnit implements TargetCheck {

    @Override
    public List<KernelSymbol> check(FunctionRef target, List<KernelSymbol> candidates, KernelImage image,
                                    Diagnostics out) {
        if (target.unit().isEmpty() || candidates.isEmpty()) {
            return candidates;
        }
        String unit = target.unit().get();
        String base = Path.of(unit).getFileName().toString();
        List<KernelSymbol> inUnit = candidates.stream()
                .filter(s -> base.equals(s.fileName())).collect(Collectors.toList());
        if (inUnit.isEmpty()) {
            List<String> units = candidates.stream().map(KernelSymbol::fileName).filter(Objects::nonNull)
                    .distinct().sorted().collect(Collectors.toList());
            String help = units.isEmpty()
                    ? "'" + target.name().text() + "' is global: drop the compile unit"
                    : "it is defined in " + NameSuggestions.quoteList(units);
            out.add(Messages.of("E0204", target.span(), unit, target.name().text(), help));
        }
        return inUnit;
    }
}
