package org.dynamos.syntax;

/**
 * {@code restart thread ENTRY with NEW;}: kernel threads running ENTRY are
 * made to exit at a sleep point and relaunched in NEW (the paper's kswapd).
 */
public record RestartDecl(FunctionRef entry, Ident replacement, Span span) {
}
