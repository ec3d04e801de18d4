package org.dynamos.plan;

import org.dynamos.image.KernelSymbol;
import org.dynamos.syntax.ShadowDecl;

/**
 * A shadow field as the runtime keeps it.
 *
 * @param decl    the {@code shadow STRUCT.FIELD: TYPE;} line
 * @param freedBy the kernel function that frees objects of the struct (its first argument): the
 *                runtime frees their shadow values with them
 */
public record ShadowPlan(ShadowDecl decl, KernelSymbol freedBy) {

    /** The runtime's name of the field: {@code STRUCT.FIELD} (its sysfs file). */
    public String name() {
        return decl.struct().text() + "." + decl.field().text();
    }
}
