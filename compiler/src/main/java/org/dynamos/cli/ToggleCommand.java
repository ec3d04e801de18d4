package org.dynamos.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dynamos.control.ControlException;
import org.dynamos.control.SysfsControl;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** What {@code enable} and {@code disable} share: write an update's {@code enabled} file. */
abstract class ToggleCommand implements Callable<Integer> {

    @Parameters(paramLabel = "UPDATE", description = "The update's name (see dynamos status).")
    String update;

    @Option(names = "--sysfs", paramLabel = "DIR", hidden = true, description = "The runtime's sysfs root.")
    Path sysfs = SysfsControl.DEFAULT_ROOT;

    @Spec
    CommandSpec spec;

    /** The state to set. */
    abstract boolean enable();

    @Override
    public Integer call() throws UserError {
        try {
            new SysfsControl(sysfs).setEnabled(update, enable());
        } catch (ControlException e) {
            throw new UserError(e.getMessage(), e);
        }
        spec.commandLine().getOut().println(update + (enable() ? ": enabled" : ": disabled"));
        return ExitCodes.OK;
    }
}
