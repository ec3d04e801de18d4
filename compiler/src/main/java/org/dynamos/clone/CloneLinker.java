package org.dynamos.clone;

import java.util.List;
import java.util.Map;

/**
 * Computes a clone's final bytes as the module loader would, given where its parts are and where
 * the anchor and the module's own symbols are: the round trip links a clone at the original's
 * addresses with the anchor at its link-time address and compares with the original bytes.
 */
public final class CloneLinker {
    private CloneLinker() {
    }

    /** A field whose value does not fit. */
    public static final class OverflowException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OverflowException(String message) {
            super(message);
        }
    }

    /**
     * @param partBase       where each part is placed (absolute addresses)
     * @param anchorLink     the anchor's link-time address
     * @param anchorRuntime  the anchor's address where the clone runs
     * @param symbols        addresses of the module's symbols ({@link Target.Symbol})
     * @return each part's bytes
     * @throws OverflowException if a field does not fit its size
     */
    public static byte[][] link(Clone clone, long[] partBase, long anchorLink, long anchorRuntime,
                                Map<String, Long> symbols) {
        Layout layout = clone.layout();
        byte[][] out = new byte[clone.parts().size()][];
        for (int p = 0; p < out.length; p++) {
            out[p] = new byte[(int) layout.partSize()[p]];
            int at = 0;
            for (CloneInstruction ci : clone.code().get(p)) {
                System.arraycopy(ci.bytes(), 0, out[p], at, ci.size());
                long insnAddr = partBase[p] + at;
                for (Field f : ci.fields()) {
                    long target = resolve(clone, f.target(), partBase, anchorLink, anchorRuntime, symbols);
                    long fieldAddr = insnAddr + f.offset();
                    long v = target + f.addend() - (f.kind().pcRelative() ? fieldAddr : 0);
                    check(clone, ci, f, v);
                    for (int k = 0; k < f.kind().size(); k++) {
                        out[p][at + f.offset() + k] = (byte) (v >>> (8 * k));
                    }
                }
                at += ci.size();
            }
        }
        return out;
    }

    private static long resolve(Clone clone, Target t, long[] partBase, long anchorLink, long anchorRuntime,
                                Map<String, Long> symbols) {
        if (t instanceof Target.Anchored a) {
            return anchorRuntime + (a.address() - anchorLink);
        }
        if (t instanceof Target.Verbatim v) {
            return v.value();
        }
        if (t instanceof Target.Local l) {
            return positionToAddress(clone, l.original(), partBase);
        }
        Long s = symbols.get(((Target.Symbol) t).name());
        if (s == null) {
            throw new IllegalArgumentException("no address given for " + ((Target.Symbol) t).name());
        }
        return s;
    }

    /** @return the absolute address of the instruction that was at {@code origin}, with parts at {@code partBase} */
    static long positionToAddress(Clone clone, long origin, long[] partBase) {
        Layout layout = clone.layout();
        List<Part> parts = clone.parts();
        for (int p = 0; p < parts.size(); p++) {
            if (parts.get(p).contains(origin)) {
                return partBase[p] + (layout.position(origin) - layout.partStart()[p]);
            }
        }
        throw new IllegalArgumentException("0x" + Long.toHexString(origin) + " is not in the clone");
    }

    private static void check(Clone clone, CloneInstruction ci, Field f, long v) {
        boolean ok = switch (f.kind()) {
            case PC8 -> v >= -128 && v <= 127;
            case PC32, ABS32S -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
            case ABS32 -> v >= 0 && v <= 0xffffffffL;
            case ABS64 -> true;
        };
        if (!ok) {
            throw new OverflowException(clone.function() + ": " + f.kind() + " field of the instruction from 0x"
                    + Long.toHexString(ci.origin()) + " does not fit: 0x" + Long.toHexString(v));
        }
    }
}
