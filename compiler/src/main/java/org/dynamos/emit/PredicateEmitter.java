package org.dynamos.emit;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.dynamos.check.PredicatesAreWellTyped;
import org.dynamos.check.ValueType;
import org.dynamos.plan.ArgumentAccess;
import org.dynamos.syntax.BinaryOp;
import org.dynamos.syntax.Expr;
import org.dynamos.syntax.KnobDecl;
import org.dynamos.syntax.Span;
import org.dynamos.syntax.Value;

/**
 * Compiles a checked predicate to a C expression over the runtime's
 * helpers (include/dynamos/update.h): {@code call->args[]} for arguments,
 * {@code dynamos_current_*()} for the task, {@code raw_smp_processor_id()}
 * for the CPU, {@code dynamos_knob_read()} for knobs. Fully parenthesised.
 *
 * <p>Integers compare by their mathematical values, whatever their types
 * (docs/language.md): where C's conversions would change a value (a signed
 * and an unsigned operand of at least 32 bits), both sides are converted to
 * a signed type that holds both ({@code s64}, or {@code __int128} beside a
 * {@code u64}).
 *
 * <p>Outside task context (hard or soft interrupt, NMI) a comparison that
 * reads {@code current.*} is neither true nor false (three-valued logic:
 * {@code !} keeps it unknown, {@code false && x} is false, {@code true || x}
 * is true), and a version is chosen only by a predicate that is true. Each
 * such comparison is emitted as {@code (in_task() && C)} where it counts
 * positively and {@code (!in_task() || C)} under a negation, so the whole
 * expression is true exactly when the predicate is; knobs, {@code cpu} and
 * arguments are read in every context.
 */
public final class PredicateEmitter {
    private final List<KnobDecl> knobs;
    private final Map<Span, ArgumentAccess> arguments;

    public PredicateEmitter(List<KnobDecl> knobs, Map<Span, ArgumentAccess> arguments) {
        this.knobs = knobs;
        this.arguments = arguments;
    }

    /** The C expression of a whole predicate. */
    public String emit(Expr predicate) {
        return condition(predicate, true);
    }

    /**
     * A condition; {@code positive} is false under an odd number of
     * negations, where an unknown comparison must make the C true so that
     * the negation above it makes it false.
     */
    private String condition(Expr e, boolean positive) {
        if (e instanceof Expr.Binary b && b.op().isLogical()) {
            return "(" + condition(b.left(), positive) + " " + b.op().symbol() + " " + condition(b.right(), positive) + ")";
        }
        if (e instanceof Expr.Not n) {
            return "(!" + condition(n.operand(), !positive) + ")";
        }
        String atom = expr(e);
        if (!readsCurrent(e)) {
            return atom;
        }
        return positive ? "(in_task() && " + atom + ")" : "(!in_task() || " + atom + ")";
    }

    private String expr(Expr e) {
        if (e instanceof Expr.Binary b) {
            if (isCommComparison(b)) {
                Expr.Literal lit = (Expr.Literal) (b.left() instanceof Expr.Literal ? b.left() : b.right());
                String test = "dynamos_current_comm_is(" + cString(((Value.Str) lit.value()).value()) + ")";
                return b.op() == BinaryOp.EQ ? test : "(!" + test + ")";
            }
            if (b.op().isLogical()) {
                return "(" + expr(b.left()) + " " + b.op().symbol() + " " + expr(b.right()) + ")";
            }
            ValueType l = type(b.left());
            ValueType r = type(b.right());
            String left = expr(b.left());
            String right = expr(b.right());
            if (b.op().isBitwise()) {
                ValueType t = type(b);
                if (l == ValueType.INT_LITERAL || r == ValueType.INT_LITERAL) {
                    // the literal fits the other operand's type: C computes the exact value
                    return "(" + left + " " + b.op().symbol() + " " + right + ")";
                }
                String c = cName(t);
                if (l.isInteger() && r.isInteger() && l != ValueType.INT_LITERAL && r != ValueType.INT_LITERAL
                        && l.isSigned() != r.isSigned() && b.op() == BinaryOp.BIT_OR) {
                    // the result's signed type holds both operands: convert them first
                    left = "(" + c + ")" + left;
                    right = "(" + c + ")" + right;
                }
                return "((" + c + ")(" + left + " " + b.op().symbol() + " " + right + "))";
            }
            if (l == ValueType.INT_LITERAL && r == ValueType.INT_LITERAL) {
                return compareLiterals(b) ? "true" : "false";
            }
            if (l.isInteger() && r.isInteger() && l != ValueType.INT_LITERAL && r != ValueType.INT_LITERAL
                    && l.isSigned() != r.isSigned()) {
                ValueType unsigned = l.isSigned() ? r : l;
                // C would convert the signed side to unsigned: compare in a type holding both
                String wide = unsigned.bits() < 64 ? "(s64)" : "(__int128)";
                left = wide + left;
                right = wide + right;
            }
            return "(" + left + " " + b.op().symbol() + " " + right + ")";
        }
        if (e instanceof Expr.Not n) {
            return "(!" + expr(n.operand()) + ")";
        }
        if (e instanceof Expr.Literal l) {
            return literal(l.value());
        }
        Expr.Ref r = (Expr.Ref) e;
        String root = r.root().text();
        switch (root) {
            case "cpu":
                return "raw_smp_processor_id()";
            case "current":
                return "dynamos_current_" + r.path().get(1).text() + "()";
            case "knob": {
                int i = knobIndex(r);
                return "((" + knobs.get(i).type().text() + ")dynamos_knob_read(&knobs[" + i + "]))";
            }
            default: {
                return argument(r).expression();
            }
        }
    }

    private int knobIndex(Expr.Ref r) {
        String name = r.path().get(1).text();
        for (int i = 0; i < knobs.size(); i++) {
            if (knobs.get(i).name().text().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("unchecked knob " + name);
    }

    private ArgumentAccess argument(Expr.Ref r) {
        ArgumentAccess a = arguments.get(r.span());
        if (a == null) {
            throw new IllegalStateException("unresolved argument " + r);
        }
        return a;
    }

    /** The type of a checked expression, as the type checker gave it. */
    private ValueType type(Expr e) {
        if (e instanceof Expr.Literal l) {
            Value v = l.value();
            return v instanceof Value.Int ? ValueType.INT_LITERAL
                    : v instanceof Value.Str ? ValueType.STRING : ValueType.BOOL;
        }
        if (e instanceof Expr.Binary b && b.op().isBitwise()) {
            return ValueType.bitwise(b.op() == BinaryOp.BIT_AND, type(b.left()), type(b.right()))
                    .orElseThrow(() -> new IllegalStateException("unchecked " + b));
        }
        if (!(e instanceof Expr.Ref r)) {
            return ValueType.BOOL;
        }
        return switch (r.root().text()) {
            case "cpu" -> ValueType.U32;
            case "current" -> PredicatesAreWellTyped.CURRENT.get(r.path().get(1).text());
            case "knob" -> ValueType.named(knobs.get(knobIndex(r)).type().text()).orElseThrow();
            default -> {
                String c = argument(r).cType();
                yield c.equals("unsigned long") ? ValueType.U64 : ValueType.named(c).orElseThrow();
            }
        };
    }

    private static String cName(ValueType t) {
        return t == ValueType.BOOL ? "bool" : t.toString();
    }

    private static boolean compareLiterals(Expr.Binary b) {
        int c = ((Value.Int) ((Expr.Literal) b.left()).value()).value()
                .compareTo(((Value.Int) ((Expr.Literal) b.right()).value()).value());
        return switch (b.op()) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
            default -> throw new IllegalStateException(b.op().toString());
        };
    }

    private static boolean isCommComparison(Expr.Binary b) {
        return (b.op() == BinaryOp.EQ || b.op() == BinaryOp.NE)
                && (isComm(b.left()) && b.right() instanceof Expr.Literal
                    || isComm(b.right()) && b.left() instanceof Expr.Literal);
    }

    private static boolean isComm(Expr e) {
        return e instanceof Expr.Ref r && r.toString().equals("current.comm");
    }

    private static boolean readsCurrent(Expr e) {
        if (e instanceof Expr.Ref r) {
            return r.root().text().equals("current");
        }
        if (e instanceof Expr.Binary b) {
            return readsCurrent(b.left()) || readsCurrent(b.right());
        }
        return e instanceof Expr.Not n && readsCurrent(n.operand());
    }

    private static String literal(Value v) {
        if (v instanceof Value.Bool b) {
            return b.value() ? "true" : "false";
        }
        if (v instanceof Value.Int i) {
            BigInteger n = i.value();
            if (n.bitLength() < 32) {
                return n.toString();
            }
            return n.signum() < 0 || n.bitLength() < 64 ? n + "LL" : n + "ULL";
        }
        throw new IllegalStateException("unchecked literal " + v);
    }

    /** A C string literal. */
    static String cString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append(String.format("\\%03o", (int) c & 0xff));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
