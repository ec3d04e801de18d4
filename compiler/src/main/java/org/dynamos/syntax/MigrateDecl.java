package org.dynamos.syntax;

/** {@code migrate WHAT with FUNCTION;}: convert data between representations at the safe point. */
public record MigrateDecl(Ident what, Ident function, Span span) {
}
