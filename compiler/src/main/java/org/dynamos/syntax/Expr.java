package org.dynamos.syntax;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A predicate expression ({@code when …}). Pure: names, literals and
 * operators only, compiled to C that runs on every call of the function.
 */
public sealed interface Expr {

    Span span();

    /** {@code a OP b}. */
    record Binary(BinaryOp op, Expr left, Expr right, Span span) implements Expr {
        @Override
        public String toString() {
            return "(" + left + " " + op.symbol() + " " + right + ")";
        }
    }

    /** {@code !e}. */
    record Not(Expr operand, Span span) implements Expr {
        @Override
        public String toString() {
            return "!" + operand;
        }
    }

    /** A name and its fields: {@code current.uid}, {@code cpu}, {@code arg.path.dentry}, {@code knob.limit}. */
    record Ref(List<Ident> path, Span span) implements Expr {
        public Ref {
            path = List.copyOf(path);
        }

        public Ident root() {
            return path.get(0);
        }

        @Override
        public String toString() {
            return path.stream().map(Ident::text).collect(Collectors.joining("."));
        }
    }

    /** A literal value. */
    record Literal(Value value, Span span) implements Expr {
        @Override
        public String toString() {
            return value.toString();
        }
    }
}
