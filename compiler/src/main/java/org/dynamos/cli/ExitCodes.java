package org.dynamos.cli;

/** The exit codes of every command (DESIGN §1). */
public final class ExitCodes {
    /** Success; warnings allowed. */
    public static final int OK = 0;
    /** The script has errors (or, for {@code try}, a guest command failed). */
    public static final int SCRIPT_ERRORS = 1;
    /** Bad usage or environment: missing file, no kernel, missing tool. */
    public static final int USAGE = 2;
    /** An internal error: a bug in dynamos. */
    public static final int INTERNAL = 3;

    private ExitCodes() {
    }
}
