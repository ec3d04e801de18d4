package org.dynamos.clone;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;

/**
 * The round trip: a function relocated to its own address with its exits untouched must reproduce
 * its original bytes exactly. This exercises every field the engine re-emits (relocated, resolved,
 * local) and the layout, on real code.
 */
public final class RoundTrip {
    private RoundTrip() {
    }

    /** What happened to one function. */
    public sealed interface Outcome {
    }

    /** The clone reproduced the original bytes. */
    public record Identical(int bytes) implements Outcome {
    }

    /** The function could not be decoded, so there is no clone to compare (its refusal says why). */
    public record NotDecoded(Finding why) implements Outcome {
    }

    /** The bytes differ. */
    public record Different(String detail) implements Outcome {
    }

    /** Clones {@code fn} onto itself and compares. */
    public static Outcome check(CloneContext ctx, CloneEngine engine, CloneEngine.FunctionRef fn) {
        Clone c = engine.clone(fn, CloneOptions.roundTrip());
        Optional<Finding> undecoded = c.findings().stream().filter(f -> f.refusal() == Refusal.UNDECODABLE
                || f.refusal() == Refusal.DECODE_OVERRUN || f.refusal() == Refusal.NO_SIZE).findFirst();
        if (undecoded.isPresent()) {
            return new NotDecoded(undecoded.get());
        }
        long[] bases = c.parts().stream().mapToLong(Part::address).toArray();
        byte[][] linked;
        try {
            linked = CloneLinker.link(c, bases, ctx.anchor(), ctx.anchor(), Map.of());
        } catch (CloneLinker.OverflowException e) {
            return new Different(e.getMessage());
        }
        int total = 0;
        for (int p = 0; p < linked.length; p++) {
            Part part = c.parts().get(p);
            ByteBuffer orig = ctx.bytesAt(part.address(), part.size()).orElseThrow();
            if (linked[p].length != part.size()) {
                return new Different(part.name() + ": " + linked[p].length + " bytes instead of " + part.size());
            }
            for (int i = 0; i < linked[p].length; i++) {
                if (linked[p][i] != orig.get(i)) {
                    return new Different(part.name() + "+0x" + Integer.toHexString(i) + ": 0x"
                            + Integer.toHexString(linked[p][i] & 0xff) + " instead of 0x"
                            + Integer.toHexString(orig.get(i) & 0xff));
                }
            }
            total += linked[p].length;
        }
        return new Identical(total);
    }
}
