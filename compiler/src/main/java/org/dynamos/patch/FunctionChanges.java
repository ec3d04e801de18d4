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

    /** How a function changed. */
    public enum Kind { CHANGED, NEW, REMOVED }

    /** One function the patch changes, with the first difference found. */
    public record Change(String function, Kind kind, String detail) {
    }

    private FunctionChanges() {
    }

    /** The changes from {@code before} to {@code after}, in the order of {@code after}, then the removed. */
    public static List<Change> between(List<ObjectFunction> before, List<ObjectFunction> after) {
        Map<String, ObjectFunction> old = new LinkedHashMap<>();
        before.forEach(f -> old.putIfAbsent(key(f), f));
        List<Change> out = new ArrayList<>();
        for (ObjectFunction f : after) {
            ObjectFunction o = old.remove(key(f));
            if (o == null) {
                out.add(new Change(f.name(), Kind.NEW, "only in the patched source"));
                continue;
            }
            difference(o, f).ifPresent(d -> out.add(new Change(f.name(), Kind.CHANGED, d)));
        }
        old.values().forEach(f -> out.add(new Change(f.name(), Kind.REMOVED, "only in the original source")));
        return out;
    }

    private static String key(ObjectFunction f) {
        return f.name() + (f.section().startsWith(".init") ? " (init)" : "");
    }

    /** The first difference between two builds of a function, if any. */
    static Optional<String> difference(ObjectFunction a, ObjectFunction b) {
        if (a.size() != b.size()) {
            return Optional.of("its code is " + b.size() + " bytes, was " + a.size());
        }
        if (a.relocations().size() != b.relocations().size()) {
            return Optional.of("it refers to " + b.relocations().size() + " places, was " + a.relocations().size());
        }
        boolean[] masked = new boolean[a.size()];
        for (int i = 0; i < a.relocations().size(); i++) {
            ObjectFunction.Relocation x = a.relocations().get(i);
            ObjectFunction.Relocation y = b.relocations().get(i);
            if (x.offset() != y.offset() || x.type() != y.type() || !x.key().equals(y.key())) {
                return Optional.of(String.format("at +0x%x it refers to %s, was %s", y.offset(), y.key(), x.key()));
            }
            for (int k = x.offset(); k < x.offset() + x.width() && k < masked.length; k++) {
                masked[k] = true;
            }
        }
        for (int i = 0; i < a.size(); i++) {
            if (!masked[i] && a.code()[i] != b.code()[i]) {
                return Optional.of(String.format("its code differs from +0x%x", i));
            }
        }
        return Optional.empty();
    }
}
