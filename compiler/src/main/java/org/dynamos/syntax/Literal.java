package org.dynamos.syntax;

/** A literal in a declaration (knob value, range bound, timeout), with where it was written. */
public record Literal(Value value, Span span) {
}
