package org.dynamos.syntax;

/** The binary operators of predicates. */
public enum BinaryOp {
    OR("||"), AND("&&"),
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="),
    BIT_AND("&"), BIT_OR("|");

    private final String symbol;

    BinaryOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public boolean isComparison() {
        return this == EQ || this == NE || this == LT || this == LE || this == GT || this == GE;
    }

    public boolean isLogical() {
        return this == OR || this == AND;
    }

    public boolean isBitwise() {
        return this == BIT_AND || this == BIT_OR;
    }
}
