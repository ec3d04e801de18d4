package org.dynamos.check;

import java.util.Map;
import java.util.Optional;

/**
 * The kernel threads the runtime can restart, by entry function: each is stopped and started with
 * its subsystem's own functions (runtime-kmod/core/restart.c has the same table).
 */
public final class RestartableThreads {
    /** Entry function → the subsystem's stop and start functions. */
    private static final Map<String, String> STOP_START = Map.of("kswapd", "kswapd_stop()/kswapd_run()");

    private RestartableThreads() {
    }

    /** How the runtime stops and starts the threads running {@code entry}, if it can. */
    public static Optional<String> stopStart(String entry) {
        return Optional.ofNullable(STOP_START.get(entry));
    }

    /** The entries, for messages: {@code kswapd (kswapd_stop()/kswapd_run())}. */
    public static String known() {
        return STOP_START.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " (" + e.getValue() + ")").reduce((a, b) -> a + ", " + b).orElse("");
    }
}
