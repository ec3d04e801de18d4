package org.dynamos.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dynamos.check.RuntimeSupport;
import org.dynamos.diag.Diagnostics;
import org.dynamos.driver.Compilation;
import org.dynamos.plan.UpdatePlan;
import org.dynamos.syntax.Script;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dynamos check SCRIPT}: every diagnostic, no output files. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check an update script against the kernel image; write nothing.")
final class CheckCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SCRIPT", description = "The update script (.dyn).")
    Path script;

    @Mixin
    KernelOptions kernel;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws UserError {
        Compilation.Result result = Scripts.compile(script, kernel, spec.commandLine().getErr());
        if (!result.ok()) {
            return ExitCodes.SCRIPT_ERRORS;
        }
        for (UpdatePlan plan : result.plans()) {
            // What `dynamos build` would refuse (E0304), said now, as warnings.
            Diagnostics unsupported = new Diagnostics();
            new RuntimeSupport("W0304").check(new Script(result.script().source(), List.of(plan.decl())), unsupported);
            Scripts.print(new Compilation.Result(unsupported, result.script(), result.plans()),
                    spec.commandLine().getErr());
            int n = unsupported.sorted().size();
            spec.commandLine().getOut().printf("%s: update %s is sound (%s)%s%n", script, plan.name(),
                    Scripts.count(plan.functions().size(), "function") + inModules(plan),
                    n == 0 ? "" : "; this runtime cannot build it yet: " + Scripts.count(n, "construct")
                            + " (W0304)");
        }
        return ExitCodes.OK;
    }

    /** {@code ", 2 of module binfmt_misc"}: how many of the functions belong to loadable modules. */
    static String inModules(UpdatePlan plan) {
        java.util.Map<String, Long> byModule = plan.functions().stream().filter(f -> f.objname().isPresent())
                .collect(java.util.stream.Collectors.groupingBy(f -> f.objname().get(), java.util.TreeMap::new,
                        java.util.stream.Collectors.counting()));
        StringBuilder s = new StringBuilder();
        byModule.forEach((m, n) -> s.append(", ").append(n).append(" of module ").append(m));
        return s.toString();
    }
}
