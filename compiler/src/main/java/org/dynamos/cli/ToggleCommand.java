package org.dynamos.cli;

import java.util.concurrent.Callable;
import org.dynamos.control.ControlException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** What {@code enable} and {@code disable} share: write an update's {@code enabled} file. */
abstract class ToggleCommand implements Callable<Integer> {

    @Parameters(paramLabel = "UPDATE", description = "The update's name (see dynamos status).")
    String update;

    @Mixin
    SysfsOption sysfs;

    @Spec
    CommandSpec spec;

    /** The state to set. */
    abstract boolean enable();

    @Override
    public Integer call() throws UserError {
        try {
            sysfs.control().setEnabled(update, enable());
        } catch (ControlException e) {
            if (e.getMessage().contains("safe point was not reached")) {
                // the update is fine; the kernel was busy: exit 1, like a guest command that failed
                spec.commandLine().getErr().println("dynamos: " + e.getMessage());
                return ExitCodes.SCRIPT_ERRORS;
            }
            throw new UserError(e.getMessage(), e);
        }
        spec.commandLine().getOut().println(update + (enable() ? ": enabled" : ": disabled"));
        return ExitCodes.OK;
    }
}
