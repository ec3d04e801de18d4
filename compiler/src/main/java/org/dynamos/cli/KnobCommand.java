package org.dynamos.cli;

import java.util.concurrent.Callable;
import org.dynamos.control.ControlException;
import org.dynamos.control.SysfsControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dynamos knob UPDATE [NAME [VALUE]]}: show or set an update's knobs. */
@Command(name = "knob", mixinStandardHelpOptions = true,
        description = {"Show an update's knobs, or set one: the next call sees the new value.",
            "The kernel checks the value against the knob's type and range."})
final class KnobCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "UPDATE", description = "The update's name (see dynamos status).")
    String update;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "A knob of the update.")
    String name;

    @Parameters(index = "2", arity = "0..1", paramLabel = "VALUE", description = "Its new value (true/false for a bool).")
    String value;

    @Mixin
    SysfsOption sysfs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws UserError {
        SysfsControl control = sysfs.control();
        var out = spec.commandLine().getOut();
        try {
            if (name == null) {
                var knobs = control.knobs(update);
                if (knobs.isEmpty()) {
                    out.println(update + " has no knobs");
                }
                knobs.forEach(k -> out.println(update + ": " + k.name() + " = " + k.value()));
            } else {
                if (value != null) {
                    control.setKnob(update, name, value);
                }
                out.println(update + ": " + name + " = " + control.knob(update, name));
            }
        } catch (ControlException e) {
            throw new UserError(e.getMessage(), e);
        }
        return ExitCodes.OK;
    }
}
