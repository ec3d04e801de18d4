package org.dynamos.syntax;

import java.util.Optional;

/**
 * {@code replaces NAME [in "SCRIPT"];}: a cumulative update. Enabling this update takes over
 * from the enabled update NAME: this one switches on, then NAME is reverted, so every call runs one
 * of the two; NAME's functions this update does not replace return to the kernel's code.
 *
 * @param name   the update taken over
 * @param script the script defining it, relative to this script's directory; empty: this script
 */
public record TakeOverDecl(Ident name, Optional<StringDecl> script, Span span) {
}
