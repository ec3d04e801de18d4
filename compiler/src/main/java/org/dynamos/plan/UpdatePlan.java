package org.dynamos.plan;

import java.nio.file.Path;
import java.util.List;
import org.dynamos.syntax.Update;

/**
 * Everything needed to build one update module, after every check passed.
 *
 * @param name      module and sysfs name
 * @param script    the script the update comes from
 * @param sources   the C files with the new versions (absolute)
 * @param functions one entry per replaced function, in script order
 * @param buildId   GNU build-id of the kernel image it was checked against (hex); the module
 *                  refuses to load on a kernel with another
 */
public record UpdatePlan(String name, Path script, Update decl, List<Path> sources, List<FunctionPlan> functions,
                         String buildId) {

    public UpdatePlan {
        sources = List.copyOf(sources);
        functions = List.copyOf(functions);
    }
}
