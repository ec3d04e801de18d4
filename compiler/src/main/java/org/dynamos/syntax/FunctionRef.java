package org.dynamos.syntax;

import java.util.Optional;

/**
 * A kernel function named in a script: {@code name}, or
 * {@code "fs/proc/cmdline.c":name} for a static function that several
 * compile units define, or {@code binfmt_misc:name} for a function of a
 * loadable module.
 *
 * @param unit   the compile unit, if given
 * @param module the loadable module defining it ({@code binfmt_misc}), empty for the kernel image
 */
public record FunctionRef(Optional<String> unit, Ident name, Span span, Optional<String> module) {

    /** A function of the kernel image (vmlinux). */
    public FunctionRef(Optional<String> unit, Ident name, Span span) {
        this(unit, name, span, Optional.empty());
    }

    /** @return whether it names a function (or object) of a loadable module */
    public boolean inModule() {
        return module.isPresent();
    }

    @Override
    public String toString() {
        return module.map(m -> m + ":").orElse("") + unit.map(u -> '"' + u + "\":").orElse("") + name.text();
    }
}
