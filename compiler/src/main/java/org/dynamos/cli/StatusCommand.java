package org.dynamos.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dynamos.control.SysfsControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dynamos status}: the updates loaded in the running kernel. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the updates loaded in the running kernel: state, knobs, and per function its versions, their call counts and any override.")
final class StatusCommand implements Callable<Integer> {

    @Option(names = "--sysfs", paramLabel = "DIR", hidden = true, description = "The runtime's sysfs root.")
    Path sysfs = SysfsControl.DEFAULT_ROOT;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws UserError {
        SysfsControl control = new SysfsControl(sysfs);
        PrintWriter out = spec.commandLine().getOut();
        if (!control.present()) {
            out.println("runtime core not loaded (no " + sysfs + ")");
            return ExitCodes.OK;
        }
        try {
            var updates = control.updates();
            if (updates.isEmpty()) {
                out.println("runtime core loaded; no update registered");
            }
            for (var u : updates) {
                out.printf("%s: %s%s%n", u.name(), u.enabled() ? "enabled" : "disabled",
                        u.inTransition() ? " (draining: old code may still run)" : "");
                for (var k : u.knobs()) {
                    out.printf("  knob %s = %s%n", k.name(), k.value());
                }
                for (var f : u.functions()) {
                    out.printf("  %-40s calls %s%s%n", f.name(), f.calls(),
                            f.override().equals("auto") ? "" : "  (override: " + f.override() + ")");
                    for (var v : f.versions()) {
                        out.printf("    %-38s %s%n", v.name(), v.calls());
                    }
                }
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            throw new UserError("cannot read " + sysfs + ": " + e.getMessage(), e);
        }
    }
}
