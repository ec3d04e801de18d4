package org.dynamos.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dynamos.bind.ModuleReferences;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.plan.UpdatePlan;
import org.dynamos.syntax.Body;
import org.dynamos.syntax.MigrateDecl;

/**
 * E0310: a migration runs inside {@code stop_machine()} at the switch, interrupts off and every
 * other CPU spinning, so it must not sleep. A direct call from a migration function to a kernel
 * function that sleeps (a mutex, a semaphore, msleep, waiting for a completion or a grace
 * period, a user-memory copy that may fault) is refused at build time, before it could schedule
 * while atomic in a running kernel. Calls through the module's own helpers are not followed (gcc
 * usually inlines them).
 */
final class MigrationsDoNotSleep {
    /** Kernel functions that may sleep, as a migration's code would call them. */
    static final Set<String> SLEEPING = Set.of(
            "mutex_lock", "mutex_lock_interruptible", "mutex_lock_killable", "mutex_lock_io",
            "down", "down_interruptible", "down_killable", "down_timeout", "down_read", "down_read_killable",
            "down_read_interruptible", "down_write", "down_write_killable",
            "msleep", "msleep_interruptible", "ssleep", "usleep_range_state",
            "schedule", "schedule_timeout", "schedule_timeout_interruptible", "schedule_timeout_killable",
            "schedule_timeout_uninterruptible", "io_schedule", "cond_resched", "__cond_resched",
            "wait_for_completion", "wait_for_completion_interruptible", "wait_for_completion_killable",
            "wait_for_completion_timeout", "wait_for_completion_io",
            "synchronize_rcu", "synchronize_rcu_expedited", "synchronize_srcu", "synchronize_net", "rcu_barrier",
            "flush_work", "__flush_workqueue", "drain_workqueue", "cancel_work_sync", "cancel_delayed_work_sync",
            "flush_delayed_work", "kthread_stop", "kthread_park",
            "vmalloc", "vzalloc", "_copy_from_user", "_copy_to_user",
            "filp_open", "filp_close", "kernel_read", "kernel_write", "request_firmware",
            "__might_sleep", "__might_fault", "might_fault");

    private MigrationsDoNotSleep() {
    }

    static void check(Path ko, UpdatePlan plan, Diagnostics out) throws IOException {
        Map<String, MigrateDecl> migrations = new LinkedHashMap<>();
        for (Body b : plan.decl().bodies()) {
            b.migrations().forEach(m -> migrations.putIfAbsent(m.function().text(), m));
        }
        if (migrations.isEmpty()) {
            return;
        }
        Set<String> reported = new HashSet<>();
        for (ModuleReferences.Reference r : ModuleReferences.to(ko, SLEEPING::contains)) {
            MigrateDecl m = r.function().map(migrations::get).orElse(null);
            if (m != null && r.isCallOrJump() && reported.add(m.function().text() + "/" + r.symbol())) {
                out.add(Messages.of("E0310", m.function().span(), List.of(), m.function().text(), r.symbol()));
            }
        }
    }
}
