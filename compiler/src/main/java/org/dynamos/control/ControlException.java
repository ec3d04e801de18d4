package org.dynamos.control;

/** A control request the running system refused, with the reason. */
public final class ControlException extends Exception {
    private static final long serialVersionUID = 1L;

    public ControlException(String message) {
        super(message);
    }
}
