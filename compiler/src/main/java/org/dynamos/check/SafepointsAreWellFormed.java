package org.dynamos.check;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.Body;
import org.dynamos.syntax.Literal;
import org.dynamos.syntax.SafepointDecl;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.Update;
import org.dynamos.syntax.Value;

/**
 * E0115 (a timeout that is not a valid duration), E0116 (options that do
 * not fit the kind, repeated or out of range): each safe point says when a
 * switch may happen and how long to wait for it.
 */
public final class SafepointsAreWellFormed implements ScriptCheck {
    /** Units of durations, in nanoseconds. */
    static final Map<String, Long> UNITS = Map.of("us", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L,
            "m", 60_000_000_000L);
    /** A safe point waits at most this long: an update that cannot switch in an hour will not. */
    static final long MAX_TIMEOUT_NS = 3_600_000_000_000L;
    static final int MAX_RETRIES = 1000;

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            for (Body b : u.bodies()) {
                b.safepoints().forEach(s -> check(s, out));
            }
        }
    }

    private static void check(SafepointDecl s, Diagnostics out) {
        if (s.kind() == SafepointDecl.Kind.IMMEDIATE) {
            if (!s.scope().isEmpty()) {
                out.add(Messages.of("E0116", s.scope().get(0).span(), "immediate", "takes no scope",
                        "an immediate switch applies to the whole update or phase"));
            }
            s.timeouts().forEach(t -> out.add(Messages.of("E0116", t.span(), "immediate", "has no timeout",
                    "nothing is waited for; remove the option or use quiescent or drained")));
            s.retries().forEach(t -> out.add(Messages.of("E0116", t.span(), "immediate", "has no retries",
                    "nothing is retried; remove the option or use quiescent")));
            return;
        }
        for (int i = 1; i < s.timeouts().size(); i++) {
            out.add(Messages.of("E0116", s.timeouts().get(i).span(), s.kind().keyword(), "has two timeouts",
                    "keep one"));
        }
        for (int i = 1; i < s.retries().size(); i++) {
            out.add(Messages.of("E0116", s.retries().get(i).span(), s.kind().keyword(), "has two retry counts",
                    "keep one"));
        }
        if (s.kind() == SafepointDecl.Kind.DRAINED) {
            s.retries().forEach(t -> out.add(Messages.of("E0116", t.span(), "drained", "has no retries",
                    "drained waits for counters to reach zero; give it a timeout instead")));
        }
        s.timeouts().forEach(t -> duration(t, out));
        for (Literal r : s.retries()) {
            BigInteger n = ((Value.Int) r.value()).value();
            if (n.signum() <= 0 || n.compareTo(BigInteger.valueOf(MAX_RETRIES)) > 0) {
                out.add(Messages.of("E0116", r.span(), s.kind().keyword(), "has " + n + " retries",
                        "use 1 to " + MAX_RETRIES));
            }
        }
    }

    private static void duration(Literal t, Diagnostics out) {
        Value.WithUnit d = (Value.WithUnit) t.value();
        Long unit = UNITS.get(d.unit());
        if (unit == null) {
            out.add(Messages.of("E0115", t.span(), d.text(), "'" + d.unit() + "' is not a unit of time"));
        } else if (d.amount().signum() == 0) {
            out.add(Messages.of("E0115", t.span(), d.text(), "a timeout must be longer than zero"));
        } else if (d.amount().multiply(BigInteger.valueOf(unit)).compareTo(BigInteger.valueOf(MAX_TIMEOUT_NS)) > 0) {
            out.add(Messages.of("E0115", t.span(), d.text(), "it is longer than the limit of one hour"));
        }
    }

    /** The duration in nanoseconds of a checked timeout literal. */
    public static long nanos(Literal t) {
        Value.WithUnit d = (Value.WithUnit) t.value();
        return d.amount().longValueExact() * UNITS.get(d.unit());
    }
}
