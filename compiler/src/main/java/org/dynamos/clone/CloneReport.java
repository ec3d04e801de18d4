package org.dynamos.clone;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.dynamos.disasm.Disassembler;

/**
 * Every function of an image, cloned for a module with exit tracking: clonable or why not, and
 * whether every exit is tracked. Functions are shared out to a few threads, each with its own
 * disassembler; the result is in address order.
 *
 * @param functions      one row per function, by address
 * @param capstone       the Capstone version used
 * @param elapsedNanos   how long the cloning took (image indexing excluded; the command adds it)
 * @param threads        how many threads cloned
 */
public record CloneReport(List<Row> functions, String capstone, long elapsedNanos, int threads) {

    /** One function's outcome. */
    public record Row(String name, long address, long size, List<Finding> findings) {
        public Row {
            findings = List.copyOf(findings);
        }

        /** @return whether a faithful clone can be made */
        public boolean clonable() {
            return findings.stream().noneMatch(f -> f.refusal().scope() == Refusal.Scope.CLONE);
        }

        /** @return whether a clone can be made and sees every exit */
        public boolean exitTrackable() {
            return findings.isEmpty();
        }

        /** @return the distinct reasons, in the order first found */
        public Set<Refusal> reasons() {
            Set<Refusal> s = new LinkedHashSet<>();
            findings.forEach(f -> s.add(f.refusal()));
            return s;
        }
    }

    /** Clones every function of {@code ctx}'s image on {@code threads} threads. */
    public static CloneReport run(CloneContext ctx, int threads) {
        long t0 = System.nanoTime();
        List<CloneEngine.FunctionRef> all;
        String version;
        try (Disassembler d = Disassembler.open()) {
            all = new CloneEngine(ctx, d).functions();
            version = d.version();
        }
        Row[] rows = new Row[all.size()];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "clone-report");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                jobs.add(pool.submit(() -> {
                    try (Disassembler d = Disassembler.open()) {
                        CloneEngine engine = new CloneEngine(ctx, d);
                        CloneOptions options = CloneOptions.forModule("__dynamos_exit");
                        for (int i = next.getAndIncrement(); i < rows.length; i = next.getAndIncrement()) {
                            CloneEngine.FunctionRef fn = all.get(i);
                            Clone c = engine.clone(fn, options);
                            rows[i] = new Row(fn.name(), fn.address(), fn.size(), c.findings());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new CloneReport(List.of(rows), version, System.nanoTime() - t0, threads);
    }

    /** @return how many functions can be cloned */
    public long clonable() {
        return functions.stream().filter(Row::clonable).count();
    }

    /** @return how many functions can be cloned with every exit tracked */
    public long exitTrackable() {
        return functions.stream().filter(Row::exitTrackable).count();
    }

    /**
     * @return for each reason of {@code scope}, how many functions it is the first such reason of
     *         (the counts add up to the functions refused in that scope); for exit tracking, only
     *         clonable functions are counted
     */
    public Map<Refusal, Integer> byFirstReason(Refusal.Scope scope) {
        Map<Refusal, Integer> m = new EnumMap<>(Refusal.class);
        for (Row r : functions) {
            if (scope == Refusal.Scope.EXIT_TRACKING && !r.clonable()) {
                continue;
            }
            r.findings().stream().filter(f -> f.refusal().scope() == scope).findFirst()
                    .ifPresent(f -> m.merge(f.refusal(), 1, Integer::sum));
        }
        return Collections.unmodifiableMap(m);
    }

    /** @return for each reason, how many functions have it at all */
    public Map<Refusal, Integer> byAnyReason() {
        Map<Refusal, Integer> m = new EnumMap<>(Refusal.class);
        for (Row r : functions) {
            for (Refusal x : r.reasons()) {
                m.merge(x, 1, Integer::sum);
            }
        }
        return Collections.unmodifiableMap(m);
    }
}
