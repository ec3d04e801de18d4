package org.dynamos.plan;

import org.dynamos.image.KernelSymbol;
import org.dynamos.syntax.ReplaceDecl;

/**
 * How one kernel function is redirected.
 *
 * @param decl        the replace line it comes from
 * @param original    the resolved kernel function
 * @param fentryOffset offset of its fentry call site, where ftrace redirects it
 * @param replacement name of the new version in the update's C sources
 */
public record FunctionPlan(ReplaceDecl decl, KernelSymbol original, long fentryOffset, String replacement) {

    /** The symbol name the generated module uses for the original; bound to its address after the build. */
    public String bindingName() {
        return "__dynamos_orig_" + original.name().replace('.', '_');
    }
}
