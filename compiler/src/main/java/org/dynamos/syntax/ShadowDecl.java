package org.dynamos.syntax;

/** {@code shadow STRUCT.FIELD: TYPE;}: a new field kept beside each object of a kernel struct. */
public record ShadowDecl(Ident struct, Ident field, Ident type, Span span) {
}
