package org.dynamos.syntax;

/**
 * {@code view STRUCT.FIELD as TARGET;}: the {@code void *} field FIELD of STRUCT holds a
 * {@code struct TARGET *} wherever this update's predicates read it, so a path can go on through
 * it ({@code arg.iocb.ki_filp.private_data.bytes}); checked against BTF (E0129).
 */
public record ViewDecl(Ident struct, Ident field, Ident target, Span span) {
}
