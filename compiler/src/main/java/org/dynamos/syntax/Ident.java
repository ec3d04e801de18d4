package org.dynamos.syntax;

/** A name written in a script, with where it was written. */
public record Ident(String text, Span span) {
}
