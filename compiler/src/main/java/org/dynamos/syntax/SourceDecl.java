package org.dynamos.syntax;

/** {@code source "file.c";} — a C file holding new versions, relative to the script. */
public record SourceDecl(String path, Span span) {
}
