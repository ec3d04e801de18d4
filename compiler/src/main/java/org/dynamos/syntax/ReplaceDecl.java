package org.dynamos.syntax;

import java.util.List;
import java.util.Optional;

/**
 * {@code replace target with replacement [when P];} or
 * {@code replace target { version … ; default …; }}: redirect calls of a
 * kernel function to new versions, chosen per call by their predicates in
 * order; calls no predicate selects run the default (the original unless
 * named).
 *
 * @param versions    the new versions, in order of precedence
 * @param fallback    {@code default NAME;} ({@code default original;} is empty here with
 *                    {@code fallbackSpan} present)
 * @param fallbackSpan where the default was declared, if it was
 */
public record ReplaceDecl(FunctionRef target, List<Version> versions, Optional<Ident> fallback,
                          Optional<Span> fallbackSpan, Span span) {

    public ReplaceDecl {
        versions = List.copyOf(versions);
    }

    /** The short form's single version (the first version in general). */
    public Ident replacement() {
        return versions.get(0).name();
    }

    /** One unconditional new version and no default: the plain {@code replace F with G;}. */
    public boolean isUnconditional() {
        return versions.size() == 1 && versions.get(0).predicate().isEmpty() && fallbackSpan.isEmpty();
    }
}
