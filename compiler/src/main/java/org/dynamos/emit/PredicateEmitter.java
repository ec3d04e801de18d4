package org.dynamos.emit;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.dynamos.plan.ArgumentAccess;
import org.dynamos.syntax.Expr;
import org.dynamos.syntax.KnobDecl;
import org.dynamos.syntax.Span;
import org.dynamos.syntax.Value;

/**
 * Compiles a checked predicate to a C expression over the runtime's
 * helpers (include/dynamos/update.h): {@code call->args[]} for arguments,
 * {@code dynamos_current_*()} for the task, {@code raw_smp_processor_id()}
 * for the CPU, {@code dynamos_knob_read()} for knobs. Fully parenthesised;
 * a predicate that reads the current task is false outside task context
 * (in an interrupt, {@code current} is whoever was interrupted).
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
        String body = expr(predicate);
        return readsCurrent(predicate) ? "in_task() && " + body : body;
    }

    private String expr(Expr e) {
        if (e instanceof Expr.Binary b) {
            if (isCommComparison(b)) {
                Expr.Literal lit = (Expr.Literal) (b.left() instanceof Expr.Literal ? b.left() : b.right());
                String test = "dynamos_current_comm_is(" + cString(((Value.Str) lit.value()).value()) + ")";
                return b.op() == org.dynamos.syntax.BinaryOp.EQ ? test : "(!" + test + ")";
            }
            return "(" + expr(b.left()) + " " + b.op().symbol() + " " + expr(b.right()) + ")";
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
                String name = r.path().get(1).text();
                for (int i = 0; i < knobs.size(); i++) {
                    if (knobs.get(i).name().text().equals(name)) {
                        return "((" + knobs.get(i).type().text() + ")dynamos_knob_read(&knobs[" + i + "]))";
                    }
                }
                throw new IllegalStateException("unchecked knob " + name);
            }
            default: {
                ArgumentAccess a = arguments.get(r.span());
                if (a == null) {
                    throw new IllegalStateException("unresolved argument " + r);
                }
                return a.expression();
            }
        }
    }

    private static boolean isCommComparison(Expr.Binary b) {
        return (b.op() == org.dynamos.syntax.BinaryOp.EQ || b.op() == org.dynamos.syntax.BinaryOp.NE)
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
