package org.dynamos.syntax;

import java.util.Optional;

/**
 * A kernel function named in a script: {@code name}, or
 * {@code "fs/proc/cmdline.c":name} for a static function that several
 * compile units define.
 *
 * @param unit the compile unit, if given
 */
public record FunctionRef(Optional<String> unit, Ident name, Span span) {

    @Override
    public String toString() {
        return unit.map(u -> '"' + u + "\":").orElse("") + name.text();
    }
}
