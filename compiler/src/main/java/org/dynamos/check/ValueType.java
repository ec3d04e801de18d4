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

    /** Whether a sized integer type is signed. */
    public boolean isSigned() {
        return signed && bits > 0;
    }

    /** Width in bits of a sized integer type, 0 otherwise. */
    public int bits() {
        return bits;
    }

    /**
     * The type of {@code l & r} or {@code l | r} (two integer types; a
     * literal takes the other operand's type). The operation is that of the
     * operands' mathematical values in two's complement of unbounded width,
     * so the result type is one that holds every possible result: the wider
     * type when both are signed or both unsigned; with one of each, for
     * {@code &} the unsigned one (a non-negative operand bounds the result),
     * for {@code |} a signed type wider than the unsigned one. Empty when no
     * type of at most 64 bits holds every result ({@code u64 | s32}).
     */
    public static Optional<ValueType> bitwise(boolean isAnd, ValueType l, ValueType r) {
        if (l == INT_LITERAL) {
            return Optional.of(r);
        }
        if (r == INT_LITERAL) {
            return Optional.of(l);
        }
        if (l.signed == r.signed) {
            return Optional.of(l.bits >= r.bits ? l : r);
        }
        ValueType s = l.signed ? l : r;
        ValueType u = l.signed ? r : l;
        if (isAnd) {
            return Optional.of(u);
        }
        if (u.bits < s.bits) {
            return Optional.of(s);
        }
        return switch (u.bits) {
            case 8 -> Optional.of(S16);
            case 16 -> Optional.of(S32);
            case 32 -> Optional.of(S64);
            default -> Optional.empty();
        };
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
