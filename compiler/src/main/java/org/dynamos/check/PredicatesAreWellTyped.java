package org.dynamos.check;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.diag.NameSuggestions;
import org.dynamos.syntax.BinaryOp;
import org.dynamos.syntax.Expr;
import org.dynamos.syntax.Ident;
import org.dynamos.syntax.KnobDecl;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.Update;
import org.dynamos.syntax.Value;

/**
 * The type checker of predicates: every name resolves (E0401 unknown root,
 * E0402 unknown field of current, E0403 unknown knob), operands agree
 * (E0404), operators suit their operands (E0405), the whole is a condition
 * (E0406), literals fit what they are compared with (E0407), and a command
 * name can match at all (E0408). Function arguments ({@code arg.*}) are
 * typed later, against the kernel's BTF.
 */
public final class PredicatesAreWellTyped implements ScriptCheck {
    /** What a predicate may read of the current task, and its type. */
    public static final Map<String, ValueType> CURRENT = Map.of(
            "pid", ValueType.S32, "tgid", ValueType.S32,
            "uid", ValueType.U32, "gid", ValueType.U32, "euid", ValueType.U32, "egid", ValueType.U32,
            "comm", ValueType.STRING, "cgroup", ValueType.STRING);
    static final List<String> ROOTS = List.of("current", "cpu", "arg", "knob");
    /** TASK_COMM_LEN is 16, with the terminating NUL. */
    static final int COMM_MAX = 15;

    /**
     * Gives the type of an {@code arg.…} reference, reporting what is wrong
     * with it; {@code null} once reported. At script level every argument is
     * {@link ValueType#UNKNOWN}; against the kernel image, the BTF decides.
     */
    @FunctionalInterface
    public interface ArgumentTypes {
        ValueType type(Expr.Ref argument, Diagnostics out);
    }

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            for (ScriptWalk.VersionSite site : ScriptWalk.versions(u)) {
                site.version().predicate().ifPresent(p -> check(p, u, (arg, d) -> ValueType.UNKNOWN, out));
            }
        }
    }

    /** Type-checks one predicate of {@code update}, with arguments typed by {@code args}. */
    public static void check(Expr predicate, Update update, ArgumentTypes args, Diagnostics out) {
        ValueType t = new Typer(update, args, out).type(predicate);
        if (t != null && t != ValueType.BOOL && t != ValueType.UNKNOWN) {
            out.add(Messages.of("E0406", predicate.span(), predicate, t));
        }
    }

    /** Types one predicate; {@code null} means "already reported". */
    private record Typer(Update update, ArgumentTypes args, Diagnostics out) {

        ValueType type(Expr e) {
            if (e instanceof Expr.Literal l) {
                Value v = l.value();
                if (v instanceof Value.Int) {
                    return ValueType.INT_LITERAL;
                } else if (v instanceof Value.Str) {
                    return ValueType.STRING;
                } else if (v instanceof Value.Bool) {
                    return ValueType.BOOL;
                }
                out.add(Messages.of("E0405", l.span(), "a number with a unit (" + v + ")", "a predicate",
                        "units belong to timeouts; predicates compare plain numbers"));
                return null;
            }
            if (e instanceof Expr.Ref r) {
                return ref(r);
            }
            if (e instanceof Expr.Not n) {
                ValueType t = type(n.operand());
                if (t != null && t != ValueType.BOOL && t != ValueType.UNKNOWN) {
                    out.add(Messages.of("E0405", n.span(), "'!'", t, "'!' negates a condition; compare with 0 instead"));
                    return null;
                }
                return ValueType.BOOL;
            }
            Expr.Binary b = (Expr.Binary) e;
            ValueType l = type(b.left());
            ValueType r = type(b.right());
            if (l == null || r == null) {
                return b.op().isComparison() || b.op().isLogical() ? ValueType.BOOL : null;
            }
            if (b.op().isLogical()) {
                for (var side : List.of(Map.entry(b.left(), l), Map.entry(b.right(), r))) {
                    if (side.getValue() != ValueType.BOOL && side.getValue() != ValueType.UNKNOWN) {
                        out.add(Messages.of("E0405", side.getKey().span(), "'" + b.op().symbol() + "'", side.getValue(),
                                "'" + b.op().symbol() + "' joins conditions; write a comparison such as " + side.getKey()
                                        + " != 0"));
                    }
                }
                return ValueType.BOOL;
            }
            if (l == ValueType.UNKNOWN || r == ValueType.UNKNOWN) {
                return b.op().isComparison() ? ValueType.BOOL : ValueType.UNKNOWN;
            }
            if (b.op().isBitwise()) {
                for (var side : List.of(Map.entry(b.left(), l), Map.entry(b.right(), r))) {
                    if (!side.getValue().isInteger()) {
                        out.add(Messages.of("E0405", side.getKey().span(), "'" + b.op().symbol() + "'", side.getValue(),
                                "bit operations take integers"));
                        return null;
                    }
                }
                literalFits(b.left(), r);
                literalFits(b.right(), l);
                Optional<ValueType> t = ValueType.bitwise(b.op() == BinaryOp.BIT_AND, l, r);
                if (t.isEmpty()) {
                    out.add(Messages.of("E0405", b.span(), "'" + b.op().symbol() + "'", l + " and " + r,
                            "the result may need 65 bits: a negative " + (l.isSigned() ? l : r)
                                    + " gives a negative result, a large " + (l.isSigned() ? r : l)
                                    + " one above the s64 range; compare each operand on its own"));
                    return null;
                }
                return t.get();
            }
            // comparisons
            boolean bothInts = l.isInteger() && r.isInteger();
            if (!bothInts && l != r) {
                out.add(Messages.of("E0404", b.span(), b.left(), l, b.right(), r));
                return ValueType.BOOL;
            }
            if (!bothInts && b.op() != BinaryOp.EQ && b.op() != BinaryOp.NE) {
                out.add(Messages.of("E0405", b.span(), "'" + b.op().symbol() + "'", l, l + " values compare with == and != only"));
                return ValueType.BOOL;
            }
            if (bothInts) {
                literalFits(b.left(), r);
                literalFits(b.right(), l);
            }
            if (l == ValueType.STRING) {
                commFits(b.left(), b.right());
                commFits(b.right(), b.left());
            }
            return ValueType.BOOL;
        }

        private ValueType ref(Expr.Ref r) {
            Ident root = r.root();
            List<Ident> path = r.path();
            switch (root.text()) {
                case "cpu" -> {
                    if (path.size() > 1) {
                        out.add(Messages.of("E0402", path.get(1).span(), "cpu", path.get(1).text(), "cpu is a number"));
                        return null;
                    }
                    return ValueType.U32;
                }
                case "arg" -> {
                    if (path.size() < 2) {
                        out.add(Messages.of("E0409", root.span(), "arg",
                                "name the argument: arg.NAME, as in the original function's prototype"));
                        return null;
                    }
                    return args.type(r, out);
                }
                case "current" -> {
                    if (path.size() == 1) {
                        out.add(Messages.of("E0409", root.span(), "current", "the current task offers: "
                                + String.join(", ", CURRENT.keySet().stream().sorted().toList())));
                        return null;
                    }
                    if (path.size() > 2 && CURRENT.containsKey(path.get(1).text())) {
                        out.add(Messages.of("E0402", path.get(2).span(), "current." + path.get(1).text(),
                                path.get(2).text(), "it is of type " + CURRENT.get(path.get(1).text()) + ", with no fields"));
                        return null;
                    }
                    if (!CURRENT.containsKey(path.get(1).text())) {
                        Ident field = path.get(1);
                        List<String> close = NameSuggestions.closest(field.text(), CURRENT.keySet(), 2);
                        out.add(Messages.of("E0402", field.span(), "current", field.text(),
                                (close.isEmpty() ? "" : "did you mean " + NameSuggestions.quoteList(close) + "? ")
                                        + "the current task offers: "
                                        + String.join(", ", CURRENT.keySet().stream().sorted().toList())));
                        return null;
                    }
                    return CURRENT.get(path.get(1).text());
                }
                case "knob" -> {
                    if (path.size() == 1) {
                        out.add(Messages.of("E0409", root.span(), "knob", "name the knob: knob.NAME"));
                        return null;
                    }
                    Optional<KnobDecl> k = path.size() == 2 ? update.knobs().stream()
                            .filter(d -> d.name().text().equals(path.get(1).text())).findFirst() : Optional.empty();
                    if (k.isEmpty()) {
                        Ident name = path.get(1);
                        List<String> knobs = update.knobs().stream().map(d -> d.name().text()).toList();
                        List<String> close = NameSuggestions.closest(name.text(), knobs, 2);
                        out.add(Messages.of("E0403", name.span(), name.text(),
                                close.isEmpty() ? (knobs.isEmpty() ? "declare it: knob NAME: u32 = 0;"
                                        : "knobs of this update: " + String.join(", ", knobs))
                                        : "did you mean " + NameSuggestions.quoteList(close) + "?"));
                        return null;
                    }
                    return ValueType.named(k.get().type().text()).orElse(null);
                }
                default -> {
                    List<String> close = NameSuggestions.closest(root.text(), ROOTS, 1);
                    out.add(Messages.of("E0401", root.span(), root.text(),
                            (close.isEmpty() ? "" : "did you mean '" + close.get(0) + "'? ")
                                    + "a predicate reads current.*, cpu, arg.* and knob.*"));
                    return null;
                }
            }
        }

        private void literalFits(Expr maybeLiteral, ValueType other) {
            if (maybeLiteral instanceof Expr.Literal l && l.value() instanceof Value.Int i
                    && other != ValueType.INT_LITERAL && other.isInteger() && !other.fits(i.value())) {
                out.add(Messages.of("E0407", l.span(), i.text(), other, other.min() + ".." + other.max()));
            }
        }

        private void commFits(Expr maybeLiteral, Expr other) {
            if (maybeLiteral instanceof Expr.Literal l && l.value() instanceof Value.Str s
                    && other instanceof Expr.Ref r && r.toString().equals("current.comm")
                    && s.value().length() > COMM_MAX) {
                out.add(Messages.of("E0408", l.span(), s.value(), s.value().length(),
                        s.value().substring(0, COMM_MAX)));
            }
        }
    }
}
