package org.dynamos.qemu;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything a guest run produced.
 *
 * @param steps          one result per step of the script, in order (unreached ones included)
 * @param console        the whole serial console (boot messages, markers, step output)
 * @param kernelLog      the whole kernel log ({@code [seconds] text} lines, markers included)
 * @param kernelProblems warnings, BUGs, oopses, panics and call traces, each with its following lines
 * @param timedOut       whether the run was stopped by the timeout
 * @param completed      whether /init reached its end after the last step
 * @param elapsed        wall-clock time from starting QEMU to its exit
 */
public record GuestResult(List<StepResult> steps, String console, String kernelLog, List<String> kernelProblems,
                          boolean timedOut, boolean completed, Duration elapsed) {
    public GuestResult {
        steps = List.copyOf(steps);
        kernelProblems = List.copyOf(kernelProblems);
    }

    /** The result of the step called {@code name}. */
    public Optional<StepResult> step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** True when the guest completed, the kernel reported no problem and every step ended as expected. */
    public boolean allAsExpected() {
        return completed && !timedOut && kernelProblems.isEmpty() && steps.stream().allMatch(StepResult::asExpected);
    }
}
