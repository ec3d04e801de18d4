package org.dynamos.kernel;

/**
 * A user-facing failure of the kernel store: no network, no Debian mirror in the host's apt
 * configuration, a missing host tool. The message is complete and says what to do; callers
 * print it without a stack trace and exit with status 2.
 */
public final class KernelStoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public KernelStoreException(String message) {
        super(message);
    }

    public KernelStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
