package org.dynamos.syntax;

import java.util.List;

/** {@code update NAME { … }}: one update, built into one kernel module. */
public record Update(Ident name, List<SourceDecl> sources, List<ReplaceDecl> replaces, Span span) {

    public Update {
        sources = List.copyOf(sources);
        replaces = List.copyOf(replaces);
    }
}
