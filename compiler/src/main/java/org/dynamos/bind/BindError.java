package org.dynamos.bind;

/**
 * Why a symbol could not be bound (or the module could not be rewritten).
 *
 * @param name    the module's symbol name, or the file name for a problem with the whole module
 * @param message a sentence for the user, naming candidates where there are several
 */
public record BindError(String name, String message) {
}
