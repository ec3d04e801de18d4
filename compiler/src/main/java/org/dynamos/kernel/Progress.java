package org.dynamos.kernel;

import java.io.PrintStream;
import java.util.Locale;

/** One line per step of a long operation, each closed with its elapsed time. */
final class Progress {
    private final PrintStream out;

    Progress(PrintStream out) {
        this.out = out;
    }

    /** Prints an informational line. */
    void say(String message) {
        out.println("dynamos: " + message);
        out.flush();
    }

    /** Prints an indented line of a tool's own output (apt's progress). */
    void echo(String line) {
        out.println("    " + line);
        out.flush();
    }

    /** Starts a step; close it with {@link Step#done}. */
    Step step(String what) {
        out.println("dynamos: " + what + " ...");
        out.flush();
        return new Step(what, System.nanoTime());
    }

    /** A started step. */
    final class Step {
        private final String what;
        private final long start;

        private Step(String what, long start) {
            this.what = what;
            this.start = start;
        }

        /** Ends the step with a result summary (may be empty). */
        void done(String result) {
            out.println("dynamos: " + what + ": " + (result.isEmpty() ? "done" : result)
                    + " (" + seconds(System.nanoTime() - start) + ")");
            out.flush();
        }
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
