package org.dynamos.plan;

import org.dynamos.image.KernelSymbol;
import org.dynamos.syntax.BindDecl;

/**
 * A {@code bind} line resolved: the kernel's static object its name stands for in the update's C.
 *
 * @param decl   the script line
 * @param object the object in the image ({@code lock.4} of kernel/audit.c)
 */
public record BindPlan(BindDecl decl, KernelSymbol object) {
}
