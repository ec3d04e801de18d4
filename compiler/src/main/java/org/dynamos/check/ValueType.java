package org.dynamos.check;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The value types of knobs, shadow fields and predicate operands. */
public enum ValueType {
    BOOL(0, false), U8(8, false), U16(16, false), U32(32, false), U64(64, false),
    S8(8, true), S16(16, true), S32(32, true), S64(64, true),
    /** A string: {@code current.comm}, {@code current.cgroup}. */
    STRING(0, false),
    /** An integer literal before it meets an operand of known width. */
    INT_LITERAL(0, true),
    /** Not known before the kernel's BTF is consulted (function arguments). */
    UNKNOWN(0, false);

    private final int bits;
    private final boolean signed;

    ValueType(int bits, boolean signed) {
        this.bits = bits;
        this.signed = signed;
    }

    /** The types a script may name. */
    public static List<String> declarable() {
        return Arrays.stream(values()).filter(t -> t.bits > 0 || t == BOOL)
                .map(t -> t.name().toLowerCase(Locale.ROOT)).toList();
    }

    public static Optional<ValueType> named(String name) {
        return declarable().contains(name) ? Optional.of(valueOf(name.toUpperCase(Locale.ROOT))) : Optional.empty();
    }

    public boolean isInteger() {
        return bits > 0 || this == INT_LITERAL;
    }

    public BigInteger min() {
        return signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
    }

    public BigInteger max() {
        return signed ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    }

    /** Whether an integer value fits a sized integer type. */
    public boolean fits(BigInteger v) {
        return bits == 0 || (v.compareTo(min()) >= 0 && v.compareTo(max()) <= 0);
    }

    @Override
    public String toString() {
        return switch (this) {
            case INT_LITERAL -> "integer";
            case STRING -> "string";
            case UNKNOWN -> "unknown";
            default -> name().toLowerCase(Locale.ROOT);
        };
    }
}
