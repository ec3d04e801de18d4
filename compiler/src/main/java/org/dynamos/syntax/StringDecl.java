package org.dynamos.syntax;

/** {@code description "…";} or {@code kernel "6.1.0-*";}: a string-valued property of an update. */
public record StringDecl(String value, Span span) {
}
