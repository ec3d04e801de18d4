package org.dynamos.qemu;

/**
 * A user-facing failure to prepare or run a guest: a missing host tool, QEMU refusing to start,
 * an unwritable file. The message says what to do; callers print it without a stack trace and
 * exit with status 2. (A guest that boots and then fails is not an exception: see {@link GuestResult}.)
 */
public final class QemuException extends Exception {
    private static final long serialVersionUID = 1L;

    public QemuException(String message) {
        super(message);
    }

    public QemuException(String message, Throwable cause) {
        super(message, cause);
    }
}
