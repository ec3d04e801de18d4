package org.dynamos.check;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.diag.NameSuggestions;
import org.dynamos.syntax.KnobDecl;
import org.dynamos.syntax.Literal;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.Update;
import org.dynamos.syntax.Value;

/**
 * E0112 (knob declared twice), E0113 (unknown type), E0114 (a value that
 * does not fit): knobs are typed, ranged administrator settings.
 */
public final class KnobsAreWellFormed implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            Map<String, KnobDecl> seen = new HashMap<>();
            for (KnobDecl k : u.knobs()) {
                KnobDecl earlier = seen.putIfAbsent(k.name().text(), k);
                if (earlier != null) {
                    out.add(Messages.of("E0112", k.name().span(), k.name().text(), earlier.span().line()));
                }
                Optional<ValueType> type = TypeNames.resolve(k.type(), out);
                type.ifPresent(t -> values(k, t, out));
            }
        }
    }

    private static void values(KnobDecl k, ValueType type, Diagnostics out) {
        if (type == ValueType.BOOL) {
            k.value().filter(v -> !(v.value() instanceof Value.Bool))
                    .ifPresent(v -> out.add(Messages.of("E0114", v.span(), v.value(), "bool", "write true or false")));
            k.low().ifPresent(v -> out.add(Messages.of("E0114", v.span(), v.value(), "bool",
                    "a bool knob has no range")));
            return;
        }
        Optional<BigInteger> low = integer(k.low(), type, out);
        Optional<BigInteger> high = integer(k.high(), type, out);
        Optional<BigInteger> value = integer(k.value(), type, out);
        if (low.isPresent() && high.isPresent() && low.get().compareTo(high.get()) > 0) {
            out.add(Messages.of("E0114", k.low().get().span(), low.get(), type,
                    "the range is empty: " + low.get() + " is above " + high.get()));
        } else if (value.isPresent() && low.isPresent() && high.isPresent()
                && (value.get().compareTo(low.get()) < 0 || value.get().compareTo(high.get()) > 0)) {
            out.add(Messages.of("E0114", k.value().get().span(), value.get(), type,
                    "the default is outside the range " + low.get() + ".." + high.get()));
        } else if (k.value().isEmpty() && low.isPresent() && high.isPresent()
                && (low.get().signum() > 0 || high.get().signum() < 0)) {
            // without '= VALUE' the default is 0, which this range refuses
            out.add(Messages.of("E0114", k.low().get().span(), "the default 0", type,
                    "a knob without '= VALUE' starts at 0, outside its range " + low.get() + ".." + high.get()
                            + "; write the default: knob " + k.name().text() + ": " + type + " = " + low.get()
                            + " in " + low.get() + ".." + high.get() + ";"));
        }
    }

    private static Optional<BigInteger> integer(Optional<Literal> lit, ValueType type, Diagnostics out) {
        if (lit.isEmpty()) {
            return Optional.empty();
        }
        Literal l = lit.get();
        if (!(l.value() instanceof Value.Int i)) {
            out.add(Messages.of("E0114", l.span(), l.value(), type, "write an integer"));
            return Optional.empty();
        }
        if (!type.fits(i.value())) {
            out.add(Messages.of("E0114", l.span(), l.value(), type,
                    type + " holds " + type.min() + ".." + type.max()));
            return Optional.empty();
        }
        return Optional.of(i.value());
    }

    /** Type names of knobs and shadow fields. */
    static final class TypeNames {
        private TypeNames() {
        }

        /** The type, or E0113 with the closest names. */
        static Optional<ValueType> resolve(org.dynamos.syntax.Ident name, Diagnostics out) {
            Optional<ValueType> t = ValueType.named(name.text());
            if (t.isEmpty()) {
                var close = NameSuggestions.closest(name.text(), ValueType.declarable(), 2);
                out.add(Messages.of("E0113", name.span(), name.text(),
                        close.isEmpty() ? "" : "did you mean " + NameSuggestions.quoteList(close) + "? ",
                        String.join(", ", ValueType.declarable())));
            }
            return t;
        }
    }
}
