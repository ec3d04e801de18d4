package org.dynamos.patch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a patch changed in one unit, function by function, from its object built before and after
 * (as kpatch's create-diff-object compares them): a function whose bytes differ outside the
 * relocated fields, or whose relocations reach other targets (strings by their contents, so a
 * string laid out elsewhere is not a change), changed; one only after, new; one only before,
 * removed. Whatever an inlined callee changed shows in the functions it was inlined into.
 */
public final class FunctionChanges {

    /**
     * How a function changed; {@code REFUSED}: a change a live update cannot make (__init code,
     * the initial value of data the running kernel already uses).
     */
    public enum Kind { CHANGED, NEW, REMOVED, REFUSED }

    /** One function the patch changes, with the first difference found. */
    public record Change(String function, Kind kind, String detail) {
    }

    private FunctionChanges() {
    }

    /**
     * The changes from {@code before} to {@code after} (functions and data objects), in the order
     * of {@code after}, then the removed.
     */
    public static List<Change> between(List<ObjectSymbol> before, List<ObjectSymbol> after) {
        Map<String, ObjectSymbol> old = new LinkedHashMap<>();
        before.forEach(f -> old.putIfAbsent(key(f), f));
        List<Change> out = new ArrayList<>();
        correlateClones(old, after);
        for (ObjectSymbol f : after) {
            ObjectSymbol o = old.remove(key(f));
            if (!f.function()) {
                if (o != null && STATIC_LOCAL.matcher(f.name()).matches()) {
                    continue; // numbered by the compiler: the same name may be another variable
                }
                if (o != null) {
                    difference(o, f).ifPresent(d -> out.add(new Change(f.name(), Kind.REFUSED,
                            "the initial value of " + f.name() + " changes (" + d + "): the running kernel's "
                                    + f.name() + " already holds its current value; set it in an activate hook"
                                    + " or a migration instead")));
                }
                continue;
            }
            if (o == null) {
                out.add(new Change(f.name(), Kind.NEW, "only in the patched source"));
                continue;
            }
            Optional<String> d = difference(o, f);
            if (d.isPresent() && f.section().startsWith(".init")) {
                out.add(new Change(f.name(), Kind.REFUSED, "it is __init code (" + d.get()
                        + "), which ran at boot and is gone: a live update cannot run it again"));
            } else {
                d.ifPresent(x -> out.add(new Change(f.name(), Kind.CHANGED, x)));
            }
        }
        old.values().stream().filter(ObjectSymbol::function)
                .forEach(f -> out.add(new Change(f.name(), Kind.REMOVED, "only in the original source")));
        return out;
    }

    /**
     * gcc numbers its clones ({@code foo.constprop.0}, {@code foo.isra.1}) per unit: a patch may
     * shift the numbers. A clone only after and a clone only before with the same origin and kind,
     * each the only one of its kind, are the same function: the one before is keyed as the one
     * after, so they are compared rather than listed as removed and new.
     */
    private static void correlateClones(Map<String, ObjectSymbol> old, List<ObjectSymbol> after) {
        Map<String, String> afterKeys = new LinkedHashMap<>();
        for (ObjectSymbol f : after) {
            afterKeys.put(key(f), cloneFamily(f));
        }
        for (ObjectSymbol f : after) {
            String family = cloneFamily(f);
            if (family == null || old.containsKey(key(f))
                    || afterKeys.values().stream().filter(family::equals).count() != 1) {
                continue;
            }
            List<String> candidates = old.entrySet().stream()
                    .filter(e -> family.equals(cloneFamily(e.getValue())) && !afterKeys.containsKey(e.getKey()))
                    .map(Map.Entry::getKey).toList();
            if (candidates.size() == 1) {
                old.put(key(f), old.remove(candidates.get(0)));
            }
        }
    }

    /** {@code foo constprop} for {@code foo.constprop.3}; null for a function gcc did not clone. */
    private static String cloneFamily(ObjectSymbol f) {
        if (!f.function()) {
            return null;
        }
        return org.dynamos.check.CompilerClones.clone(f.name()).map(c -> c.original() + " " + c.kind()).orElse(null);
    }

    /** A function-local static the compiler numbered ({@code lock.4}, {@code __already_done.12}). */
    private static final java.util.regex.Pattern STATIC_LOCAL = java.util.regex.Pattern.compile(".*\\.\\d+$");

    private static String key(ObjectSymbol f) {
        return (f.function() ? "" : "data ") + f.name() + (f.section().startsWith(".init") ? " (init)" : "");
    }

    /** The first difference between two builds of a function, if any. */
    static Optional<String> difference(ObjectSymbol a, ObjectSymbol b) {
        if (a.size() != b.size()) {
            return Optional.of((a.function() ? "its code is " : "it is ") + b.size() + " bytes, was " + a.size());
        }
        if (a.relocations().size() != b.relocations().size()) {
            return Optional.of("it refers to " + b.relocations().size() + " places, was " + a.relocations().size());
        }
        for (int i = 0; i < a.relocations().size(); i++) {
            ObjectSymbol.Relocation x = a.relocations().get(i);
            ObjectSymbol.Relocation y = b.relocations().get(i);
            if (x.offset() != y.offset() || x.type() != y.type() || !x.key().equals(y.key())) {
                return Optional.of(String.format("at +0x%x it refers to %s, was %s", y.offset(), y.key(), x.key()));
            }
        }
        boolean[] masked = a.relocatedBytes();
        for (int i = 0; i < a.size(); i++) {
            if (!masked[i] && a.code()[i] != b.code()[i]) {
                return Optional.of(String.format(a.function() ? "its code differs from +0x%x" : "its bytes differ from +0x%x", i));
            }
        }
        return Optional.empty();
    }
}
