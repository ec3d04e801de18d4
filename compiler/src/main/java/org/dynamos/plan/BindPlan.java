package org.dynamos.plan;

import org.dynamos.image.KernelSymbol;
import org.dynamos.syntax.BindDecl;

/**
 * A {@code bind} line resolved: the kernel's static object its name stands for in the update's C.
 *
 * @param decl   the script line
 * @param object the object in the image ({@code lock.4} of kernel/audit.c), or in the module's {@code .ko}
 */
public record BindPlan(BindDecl decl, KernelSymbol object) {

    /** @return the loadable module defining the object ({@code binfmt_misc}), empty for the kernel image */
    public java.util.Optional<String> objname() {
        return decl.target().module();
    }

    /** The update's variable the runtime sets to a module object's address while its module is loaded. */
    public String modsymName() {
        return "__dynamos_modsym_" + decl.name().text();
    }
}
