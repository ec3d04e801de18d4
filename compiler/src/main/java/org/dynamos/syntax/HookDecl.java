package org.dynamos.syntax;

/** {@code on activate|revert call FUNCTION;}: state transfer at the safe point. */
public record HookDecl(Event event, Ident function, Span span) {

    /** When the hook runs. */
    public enum Event {
        ACTIVATE, REVERT;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
