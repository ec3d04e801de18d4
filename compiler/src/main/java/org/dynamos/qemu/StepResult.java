package org.dynamos.qemu;

/**
 * What one guest step did.
 *
 * @param name          the step's name
 * @param output        its stdout and stderr, exactly as printed (line ends normalised to {@code \n});
 *                      for a step that never ended, everything the console showed after it began
 * @param status        its exit status (0-255), or {@link #NOT_FINISHED} / {@link #NOT_STARTED}
 * @param kernelLog     the kernel's messages logged while it ran ({@code [seconds] text} lines)
 * @param expectFailure whether the caller expected a non-zero status
 */
public record StepResult(String name, String output, int status, String kernelLog, boolean expectFailure) {
    /** The step began but no end marker was seen (kernel panic, hang, timeout). */
    public static final int NOT_FINISHED = -1;
    /** The guest never reached the step. */
    public static final int NOT_STARTED = -2;

    /** True when the step ran to its end. */
    public boolean finished() {
        return status >= 0;
    }

    /** True when the step finished with the outcome the caller expected (zero, or non-zero if expected to fail). */
    public boolean asExpected() {
        return finished() && (status != 0) == expectFailure;
    }
}
