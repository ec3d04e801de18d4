package org.dynamos.trial;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.dynamos.qemu.GuestResult;
import org.dynamos.qemu.StepResult;

/** Prints a trial's guest output, labelled by stage, and decides its exit status. */
public final class TrialReport {
    private static final Map<String, String> TITLES = Map.of(
            "load", "loading the modules",
            "setup", "starting the setup commands",
            "before", "before enabling",
            "enable", "enabling",
            "enabled", "after enabling",
            "disable", "disabling",
            "disabled", "after disabling",
            "setup-output", "stopping the setup commands",
            "unload", "unloading the modules");

    private TrialReport() {
    }

    /**
     * Prints the result. The exit status is that of the user's commands (the
     * first that failed), or 1 when the update itself could not be loaded,
     * enabled, disabled or unloaded, or the kernel reported a problem.
     */
    public static int print(GuestResult result, List<String> commandSteps, PrintWriter out, PrintWriter err) {
        for (StepResult s : result.steps()) {
            boolean user = commandSteps.contains(s.name());
            if (!user && s.asExpected() && s.output().isBlank()
                    && s.kernelLog().lines().noneMatch(l -> l.contains("] dynamos: "))) {
                continue;
            }
            out.println("== " + TITLES.getOrDefault(s.name(), s.name()) + statusNote(s));
            if (!s.output().isEmpty() && s.status() != TrialSteps.SKIPPED) {
                out.print(s.output().endsWith("\n") ? s.output() : s.output() + "\n");
            }
            if (!user) {
                // what the runtime said while loading, enabling, disabling, unloading
                s.kernelLog().lines().filter(l -> l.contains("] dynamos: "))
                        .forEach(l -> out.println("   kernel: " + l.substring(l.indexOf("] ") + 2)));
            }
        }
        out.flush();
        int status = 0;
        for (StepResult s : result.steps()) {
            if (!commandSteps.contains(s.name()) && !s.asExpected()) {
                if (s.expectFailure() && s.finished()) {
                    err.println("try: " + TITLES.getOrDefault(s.name(), s.name())
                            + " was expected to fail, but did not; kernel messages:");
                } else {
                    err.println("try: " + TITLES.getOrDefault(s.name(), s.name()) + " failed in the guest"
                            + (s.finished() ? " (status " + s.status() + ")" : "") + "; kernel messages:");
                }
                s.kernelLog().lines().forEach(l -> err.println("  " + l));
                status = 1;
                break;
            }
        }
        if (result.timedOut()) {
            err.println("try: the guest did not finish in time");
            status = 1;
        }
        if (!result.kernelProblems().isEmpty()) {
            err.println("try: the kernel reported a problem:");
            result.kernelProblems().forEach(p -> p.lines().forEach(l -> err.println("  " + l)));
            status = 1;
        }
        if (status == 0) {
            for (StepResult s : result.steps()) {
                if (commandSteps.contains(s.name()) && s.status() != 0) {
                    status = s.status();
                    break;
                }
            }
        }
        err.flush();
        return status;
    }

    private static String statusNote(StepResult s) {
        if (!s.finished()) {
            return s.status() == StepResult.NOT_STARTED ? " (not reached)" : " (did not finish)";
        }
        if (s.expectFailure() && s.status() != 0) {
            return " (failed, as expected)";
        }
        if (s.status() == TrialSteps.SKIPPED) {
            return " (skipped)";
        }
        return s.status() == 0 ? "" : " (exit status " + s.status() + ")";
    }
}
