package org.dynamos.syntax;

import java.util.List;
import java.util.Optional;

/**
 * {@code safepoint KIND [(scope)] [timeout D] [retries N];}: when the switch
 * may happen.
 *
 * @param scope    groups or functions it applies to; empty for the whole update (or phase)
 * @param timeouts every {@code timeout} option written (more than one is an error)
 * @param retries  every {@code retries} option written
 */
public record SafepointDecl(Kind kind, Span kindSpan, List<Ident> scope, List<Literal> timeouts, List<Literal> retries,
                            Span span) {

    public SafepointDecl {
        scope = List.copyOf(scope);
        timeouts = List.copyOf(timeouts);
        retries = List.copyOf(retries);
    }

    /** The kinds of safe point. */
    public enum Kind {
        /** Switch at once. */
        IMMEDIATE,
        /** Switch when no task has a member on its stack (stack walk, retried). */
        QUIESCENT,
        /** Switch when the entry/exit counters of the old versions reach zero. */
        DRAINED;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Optional<Literal> timeout() {
        return timeouts.stream().findFirst();
    }
}
