package org.dynamos.cli;

/**
 * A problem with how dynamos was called or with the machine it runs on
 * (exit code 2): printed as one message, never as a stack trace.
 */
public final class UserError extends Exception {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
