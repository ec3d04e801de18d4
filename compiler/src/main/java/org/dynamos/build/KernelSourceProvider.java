package org.dynamos.build;

import java.nio.file.Path;

/**
 * The kernel's own source tree, asked for only when an update includes one of the kernel's
 * internal headers ({@link InternalHeaders}); fetching it may take a while the first time.
 */
@FunctionalInterface
public interface KernelSourceProvider {

    /** Thrown when there is no source tree: the message says why and what to pass instead. */
    final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }

    /** The tree (its top directory, which holds the top Makefile). */
    Path tree() throws Unavailable;

    /** No tree known: the kernel was given by its paths only. */
    static KernelSourceProvider none() {
        return () -> {
            throw new Unavailable("no source tree is known for this kernel");
        };
    }
}
