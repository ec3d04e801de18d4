package org.dynamos.syntax;

import java.util.List;

/** {@code group NAME [atomic] { replace …; }}: functions switched together, all or none. */
public record GroupDecl(Ident name, boolean atomicKeyword, List<ReplaceDecl> replaces, Span span) {

    public GroupDecl {
        replaces = List.copyOf(replaces);
    }
}
