package org.dynamos.plan;

import java.nio.file.Path;
import java.util.List;
import org.dynamos.image.KernelSymbol;
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
 * @param monitors  the monitored functions, resolved, in script order
 * @param shadows   the shadow fields, in script order
 * @param binds     the kernel statics bound to names of the update's C, in script order
 */
public record UpdatePlan(String name, Path script, Update decl, List<Path> sources, List<FunctionPlan> functions,
                         String buildId, List<KernelSymbol> monitors, List<ShadowPlan> shadows, List<BindPlan> binds) {

    public UpdatePlan {
        binds = List.copyOf(binds);
        sources = List.copyOf(sources);
        functions = List.copyOf(functions);
        monitors = List.copyOf(monitors);
        shadows = List.copyOf(shadows);
    }

    /** A plan binding no kernel static. */
    public UpdatePlan(String name, Path script, Update decl, List<Path> sources, List<FunctionPlan> functions,
                      String buildId, List<KernelSymbol> monitors, List<ShadowPlan> shadows) {
        this(name, script, decl, sources, functions, buildId, monitors, shadows, List.of());
    }

    /** A plan without shadow fields. */
    public UpdatePlan(String name, Path script, Update decl, List<Path> sources, List<FunctionPlan> functions,
                      String buildId, List<KernelSymbol> monitors) {
        this(name, script, decl, sources, functions, buildId, monitors, List.of());
    }

    /** A plan without monitors. */
    public UpdatePlan(String name, Path script, Update decl, List<Path> sources, List<FunctionPlan> functions,
                      String buildId) {
        this(name, script, decl, sources, functions, buildId, List.of());
    }

    /**
     * The replaced functions the update's C can call as {@code orig_NAME}, by that name: every one,
     * except when two replaced functions share a name (statics of two compile units), which then
     * have none.
     */
    public java.util.Map<String, FunctionPlan> originalCalls() {
        java.util.Map<String, FunctionPlan> out = new java.util.LinkedHashMap<>();
        java.util.Set<String> clashes = new java.util.HashSet<>();
        for (FunctionPlan f : functions) {
            FunctionPlan before = out.putIfAbsent(f.originalCallName(), f);
            if (before != null && (before.original().address() != f.original().address()
                    || !before.objname().equals(f.objname()))) { // modules' addresses are each their own
                clashes.add(f.originalCallName());
            }
        }
        out.keySet().removeAll(clashes);
        return out;
    }

    /** The symbol name the generated module uses for a monitored function; bound to its address after the build. */
    public static String monitorBindingName(KernelSymbol monitored) {
        return "__dynamos_orig_" + monitored.name().replace('.', '_');
    }
}
