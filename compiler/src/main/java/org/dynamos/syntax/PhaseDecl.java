package org.dynamos.syntax;

/** {@code phase NAME { … }}: one step of a multi-phase update; phases activate in order. */
public record PhaseDecl(Ident name, Body body, Span span) {
}
