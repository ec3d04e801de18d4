package org.dynamos.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.dynamos.control.SysfsControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dynamos status}: the updates loaded in the running kernel. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the updates loaded in the running kernel: state, knobs, per function its versions, their call counts and any override, and per monitored function its calls, total and mean time and missed calls.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    SysfsOption sysfs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws UserError {
        SysfsControl control = sysfs.control();
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
                boolean waiting = u.safepoint().contains(": waiting");
                out.printf("%s: %s%s%n", u.name(), u.enabled() ? "enabled" : "disabled",
                        waiting ? " (switching: waiting for its safe point)"
                                : u.inTransition() ? " (draining: old code may still run)" : "");
                if (!u.safepoint().equals("immediate")) {
                    out.printf("  safe point: %s%n", u.safepoint());
                }
                for (var k : u.knobs()) {
                    out.printf("  knob %s = %s%n", k.name(), k.value());
                }
                for (var f : u.functions()) {
                    out.printf("  %-40s calls %s%s%s%n", f.name(), f.calls(),
                            f.override().equals("auto") ? "" : "  (override: " + f.override() + ")",
                            f.inModule() ? "  (module " + f.module() + ")" : "");
                    for (var v : f.versions()) {
                        out.printf("    %-38s %s%n", v.name(), v.calls());
                    }
                }
                for (var m : u.monitors()) {
                    out.printf("  monitor %-32s calls %s  total %s  mean %s  missed %s%n", m.name(), m.calls(),
                            duration(m.totalNs()), m.meanNs().isPresent() ? duration(m.meanNs().getAsDouble()) : "-",
                            m.missed());
                }
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            throw new UserError("cannot read " + sysfs + ": " + e.getMessage(), e);
        }
    }

    /** Nanoseconds as read from sysfs, in a readable unit; what is not a number as it is. */
    static String duration(String ns) {
        try {
            return duration(Double.parseDouble(Long.toUnsignedString(Long.parseUnsignedLong(ns))));
        } catch (NumberFormatException e) {
            return ns;
        }
    }

    static String duration(double ns) {
        if (ns < 1e3) {
            return String.format(java.util.Locale.ROOT, "%.0f ns", ns);
        }
        if (ns < 1e6) {
            return String.format(java.util.Locale.ROOT, "%.2f us", ns / 1e3);
        }
        if (ns < 1e9) {
            return String.format(java.util.Locale.ROOT, "%.2f ms", ns / 1e6);
        }
        return String.format(java.util.Locale.ROOT, "%.3f s", ns / 1e9);
    }
}
