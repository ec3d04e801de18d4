package org.dynamos.check;

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
 * E0204: when the target names its compile unit ({@code "fs/namei.c":name}), keep the candidates
 * defined there. A path with a directory must be the unit's source path (from DWARF) or a suffix
 * of it at a {@code /} ({@code "namei.c"} is a bare file name, {@code "nfs/namei.c"} picks
 * {@code fs/nfs/namei.c}); a bare file name matches the unit's basename, so it may still leave
 * several candidates (E0203). Without DWARF only the basename can be compared.
 */
public final class TargetInUnit implements TargetCheck {

    @Override
    public List<KernelSymbol> check(FunctionRef target, List<KernelSymbol> candidates, KernelImage image,
                                    Diagnostics out) {
        if (target.unit().isEmpty() || candidates.isEmpty()) {
            return candidates;
        }
        String unit = target.unit().get();
        List<KernelSymbol> inUnit = candidates.stream()
                .filter(s -> matches(unit, unitOf(s, image), s.fileName())).collect(Collectors.toList());
        if (inUnit.isEmpty()) {
            List<String> units = candidates.stream().map(s -> unitOf(s, image)).filter(Objects::nonNull)
                    .distinct().sorted().collect(Collectors.toList());
            String help = units.isEmpty()
                    ? "'" + target.name().text() + "' is global: drop the compile unit"
                    : "it is defined in " + NameSuggestions.quoteList(units);
            out.add(Messages.of("E0204", target.span(), unit, target.name().text(), help));
        }
        return inUnit;
    }

    /** @return the source path of the unit defining {@code s}, else its file name, else null (a global) */
    static String unitOf(KernelSymbol s, KernelImage image) {
        return image.compileUnit(s).orElse(s.fileName());
    }

    /**
     * @param given    what the script names ({@code "fs/namei.c"} or {@code "namei.c"})
     * @param unitPath the unit's source path, or just a file name when DWARF is missing
     * @param fileName the {@code STT_FILE} basename of a local symbol, or null
     */
    static boolean matches(String given, String unitPath, String fileName) {
        String g = given.startsWith("./") ? given.substring(2) : given;
        if (unitPath == null) {
            return false;
        }
        boolean givenHasDir = g.contains("/");
        boolean knownHasDir = unitPath.contains("/");
        if (!givenHasDir || !knownHasDir) {
            return basename(g).equals(basename(unitPath)) || basename(g).equals(fileName);
        }
        return unitPath.equals(g) || unitPath.endsWith("/" + g);
    }

    private static String basename(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
