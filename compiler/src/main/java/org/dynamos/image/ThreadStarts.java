package org.dynamos.image;

import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.LongToIntFunction;

/**
 * Finds the main functions of kernel threads in the code's relocations: at each call of a thread
 * creation function ({@link KernelImage#THREAD_CREATORS}), the thread function is the nearest
 * function whose address the same function took before the call, as {@code kthread_run(kswapd, ...)}
 * compiles to {@code mov $kswapd, %rdi; ...; call kthread_create_on_node} (the other arguments
 * are data, not functions).
 */
final class ThreadStarts {
    /** How many relocations back from a creation call the thread function is looked for. */
    private static final int LOOKBACK = 24;

    /** Receives one thread start. */
    interface Sink {
        /**
         * @param threadFunction the thread's main function (its entry address)
         * @param creator        the symbol table index of the function starting the thread
         */
        void found(long threadFunction, int creator);
    }

    private ThreadStarts() {
    }

    /**
     * @param creators             entry addresses of the thread creation functions
     * @param isFunctionEntry      whether an address starts a function
     * @param functionContaining   the symbol table index of the function covering an address, or -1
     */
    static void scan(TextRelocations r, Set<Long> creators, LongPredicate isFunctionEntry,
                     LongToIntFunction functionContaining, Sink sink) {
        for (int i = 0; i < r.count(); i++) {
            if (!creators.contains(r.target(i)) || !r.isBranch(i)) {
                continue;
            }
            int creator = functionContaining.applyAsInt(r.site(i));
            if (creator < 0) {
                continue;
            }
            for (int j = i - 1; j >= 0 && j >= i - LOOKBACK; j--) {
                if (functionContaining.applyAsInt(r.site(j)) != creator) {
                    break;
                }
                long target = r.target(j);
                if (r.takesAddress(j) && isFunctionEntry.test(target) && !creators.contains(target)) {
                    sink.found(target, creator);
                    break;
                }
            }
        }
    }
}
