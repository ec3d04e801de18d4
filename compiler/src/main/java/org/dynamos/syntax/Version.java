package org.dynamos.syntax;

import java.util.Optional;

/**
 * One new version of a replaced function: {@code version NAME when P;}, or
 * the {@code with NAME when P} of the short form. Without a predicate it
 * applies to every call.
 */
public record Version(Ident name, Optional<Expr> predicate, Span span) {
}
