package org.dynamos.check;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names gcc gives the copies and parts of functions it makes: {@code foo.isra.0},
 * {@code foo.constprop.0}, {@code foo.part.0} (clones with their own calling convention) and
 * {@code foo.cold} (the unlikely part split off a function). Suffixes can stack
 * ({@code foo.constprop.0.isra.0}, {@code foo.part.0.cold}).
 */
public final class CompilerClones {
    private static final Pattern CLONE = Pattern.compile("^(.+?)\\.(isra|constprop|part)\\.\\d+((?:\\.(?:isra|constprop|part)\\.\\d+)*)$");
    private static final Pattern COLD = Pattern.compile("^(.+)\\.cold(?:\\.\\d+)?$");

    private CompilerClones() {
    }

    /**
     * A clone's origin and kind.
     *
     * @param original the source function's name ({@code foo})
     * @param kind     the first clone suffix: {@code isra}, {@code constprop} or {@code part}
     */
    public record Clone(String original, String kind) {
    }

    /** @return what {@code name} is a clone of, if it is a clone (and not a cold part) */
    public static Optional<Clone> clone(String name) {
        Matcher m = CLONE.matcher(name);
        return m.matches() ? Optional.of(new Clone(m.group(1), m.group(2))) : Optional.empty();
    }

    /** @return the function whose cold part {@code name} is ({@code foo.part.0} for {@code foo.part.0.cold}) */
    public static Optional<String> coldPartOf(String name) {
        Matcher m = COLD.matcher(name);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** @return a phrase saying what gcc did to make a clone of this kind */
    public static String explain(String kind) {
        return switch (kind) {
            case "isra" -> "an .isra clone (parameters rewritten by scalar replacement of aggregates)";
            case "constprop" -> "a .constprop clone (constant arguments folded in)";
            case "part" -> "a .part clone (the outlined rest of a partly inlined function)";
            default -> "a clone gcc made";
        };
    }
}
