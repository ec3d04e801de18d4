package org.dynamos.syntax;

/** {@code replace target with replacement;} — redirect calls of a kernel function. */
public record ReplaceDecl(FunctionRef target, Ident replacement, Span span) {
}
