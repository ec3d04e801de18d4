package org.dynamos.cli;

import java.util.concurrent.Callable;
import org.dynamos.control.ControlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dynamos override UPDATE FUNCTION VERSION|auto}: the administrator's choice of version. */
@Command(name = "override", mixinStandardHelpOptions = true,
        description = {"Make every call of FUNCTION run one version of UPDATE, whatever its predicates say;",
            "'original' runs what ran before UPDATE was enabled, 'auto' lets each call choose again."})
final class OverrideCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "UPDATE", description = "The update's name (see dynamos status).")
    String update;

    @Parameters(index = "1", paramLabel = "FUNCTION", description = "A kernel function the update replaces.")
    String function;

    @Parameters(index = "2", paramLabel = "VERSION", description = "A version of the function, original, or auto.")
    String version;

    @Mixin
    SysfsOption sysfs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws UserError {
        try {
            sysfs.control().setOverride(update, function, version);
        } catch (ControlException e) {
            throw new UserError(e.getMessage(), e);
        }
        spec.commandLine().getOut().println(update + ": " + function + ": "
                + (version.equals("auto") ? "each call chooses its version" : "every call runs " + version));
        return ExitCodes.OK;
    }
}
