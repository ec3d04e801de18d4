// SPDX-License-Identifier: GPL-2.0
/*
 * monitor.c - counting and timing the calls of monitored kernel functions
 *
 * `monitor F, G;` in an update script: while the update is enabled, each
 * monitored function has a kretprobe.  Its entry handler stores
 * local_clock() in the instance's data; its return handler adds the time
 * elapsed and one call to per-CPU counters.  On a function with an ftrace
 * call site the kprobe core enters through ftrace (a SAVE_REGS ops, not
 * IPMODIFY), so monitors coexist with the core's redirection of other
 * functions.
 *
 * A call that finds no free instance (more than @maxactive in flight, e.g.
 * sleeping in the function) is not timed: it is counted in `missed`.  Calls
 * still in flight when the kretprobe is unregistered return through the
 * kprobe core's trampoline, which no longer calls our handlers; their time
 * is lost, never half-added.
 *
 * Both handlers run with preemption disabled, in any context the function
 * is called in.  They call local_clock() only, which the compiler refuses
 * to monitor (E0210), as everything on the handlers' path.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/minmax.h>
#include <linux/percpu.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "dynamos.h"

/* Instances per monitored function: calls that may be in flight at once. */
static int dynamos_monitor_maxactive(void)
{
	return max_t(int, 64, 4 * num_possible_cpus());
}

static struct dynamos_rt_monitor *to_monitor(struct kretprobe_instance *ri)
{
	return container_of(get_kretprobe(ri), struct dynamos_rt_monitor, krp);
}

static int dynamos_monitor_entry(struct kretprobe_instance *ri,
				 struct pt_regs *regs)
{
	*(u64 *)ri->data = local_clock();
	return 0;
}

static int dynamos_monitor_return(struct kretprobe_instance *ri,
				  struct pt_regs *regs)
{
	struct dynamos_rt_monitor *m = to_monitor(ri);
	u64 elapsed = local_clock() - *(u64 *)ri->data;

	this_cpu_inc(m->stats->calls);
	this_cpu_add(m->stats->total_ns, elapsed);
	return 0;
}

/**
 * dynamos_monitor_read() - the counts of a monitored function
 * @m:		the monitor
 * @calls:	calls that returned while it was registered
 * @total_ns:	time they spent
 *
 * Each CPU's pair is read without a lock: a call returning meanwhile may be
 * counted in one and not yet in the other.
 */
void dynamos_monitor_read(const struct dynamos_rt_monitor *m, u64 *calls,
			  u64 *total_ns)
{
	int cpu;

	*calls = 0;
	*total_ns = 0;
	for_each_possible_cpu(cpu) {
		const struct dynamos_monitor_stats *s = per_cpu_ptr(m->stats, cpu);

		*calls += READ_ONCE(s->calls);
		*total_ns += READ_ONCE(s->total_ns);
	}
}

/* Calls not timed: no free instance, or the kprobe itself missed them. */
unsigned long dynamos_monitor_missed(const struct dynamos_rt_monitor *m)
{
	unsigned long n = READ_ONCE(m->missed);

	if (READ_ONCE(m->registered))
		n += READ_ONCE(m->krp.nmissed) + READ_ONCE(m->krp.kp.nmissed);
	return n;
}

/**
 * dynamos_monitors_init() - set up the monitors of a new update
 * @u:	the update, not yet registered
 *
 * Checks each descriptor: a valid name, an address where a symbol of that
 * name starts, no function twice.
 * Return: 0, -EINVAL (the reason is logged) or -ENOMEM.
 */
int dynamos_monitors_init(struct dynamos_rt_update *u)
{
	const struct dynamos_update *desc = u->desc;
	char found[KSYM_SYMBOL_LEN];
	struct dynamos_rt_monitor *m, *n;
	unsigned int i;

	for (i = 0; i < u->nr_monitors; i++) {
		m = &u->monitors[i];
		if (!dynamos_valid_name(m->desc->name)) {
			pr_err("%s: monitor %u has no valid name\n", desc->name, i);
			return -EINVAL;
		}
		sprint_symbol(found, m->desc->addr);
		if (!dynamos_symbol_matches(found, m->desc->name, NULL, m->desc->addr, 0)) {
			pr_err("%s: image mismatch: expected monitored function %s+0x0, found %s\n",
			       desc->name, m->desc->name, found);
			return -EINVAL;
		}
		for (n = u->monitors; n < m; n++) {
			if (n->desc->addr == m->desc->addr ||
			    !strcmp(n->desc->name, m->desc->name)) {
				pr_err("%s: %s is monitored twice\n", desc->name,
				       m->desc->name);
				return -EINVAL;
			}
		}
		m->stats = alloc_percpu(struct dynamos_monitor_stats);
		if (!m->stats)
			return -ENOMEM;
	}
	return 0;
}

/**
 * dynamos_monitors_free() - free what dynamos_monitors_init() allocated
 * @u:	the update, its monitors unregistered
 */
void dynamos_monitors_free(struct dynamos_rt_update *u)
{
	struct dynamos_rt_monitor *m;

	dynamos_for_each_monitor(u, m)
		free_percpu(m->stats);
	kfree(u->monitors);
}

static void dynamos_monitor_unregister(struct dynamos_rt_monitor *m)
{
	/* Waits until no handler runs; returns in flight skip our handler. */
	unregister_kretprobe(&m->krp);
	WRITE_ONCE(m->missed, m->missed + m->krp.nmissed + m->krp.kp.nmissed);
	WRITE_ONCE(m->registered, false);
}

/**
 * dynamos_monitors_start() - register the kretprobes of an update's monitors
 * @u:	the update
 *
 * All or nothing: on failure, the ones registered are unregistered again.
 * Context: process context; dynamos_mutex held.
 * Return: 0, or the error of register_kretprobe() (-EINVAL for a function
 * kprobes refuse, e.g. one on their blacklist); the function is logged.
 */
int dynamos_monitors_start(struct dynamos_rt_update *u)
{
	struct dynamos_rt_monitor *m;
	int ret;

	lockdep_assert_held(&dynamos_mutex);
	dynamos_for_each_monitor(u, m) {
		if (m->registered)
			continue;
		/* register_kretprobe() wants a clean struct (addr xor symbol). */
		memset(&m->krp, 0, sizeof(m->krp));
		m->krp.kp.addr = (kprobe_opcode_t *)m->desc->addr;
		m->krp.entry_handler = dynamos_monitor_entry;
		m->krp.handler = dynamos_monitor_return;
		m->krp.data_size = sizeof(u64);
		m->krp.maxactive = dynamos_monitor_maxactive();
		ret = register_kretprobe(&m->krp);
		if (ret) {
			pr_err("%s: cannot monitor %s: register_kretprobe() failed (%d)%s\n",
			       u->desc->name, m->desc->name, ret,
			       ret == -EINVAL ? "; kprobes may not probe it (blacklisted?)" : "");
			goto err;
		}
		WRITE_ONCE(m->registered, true);
	}
	return 0;

err:
	dynamos_monitors_stop(u);
	return ret;
}

/**
 * dynamos_monitors_stop() - unregister the kretprobes of an update's monitors
 * @u:	the update
 *
 * The counters keep their values.
 * Context: process context; dynamos_mutex held.
 */
void dynamos_monitors_stop(struct dynamos_rt_update *u)
{
	struct dynamos_rt_monitor *m;

	lockdep_assert_held(&dynamos_mutex);
	dynamos_for_each_monitor(u, m)
		if (m->registered)
			dynamos_monitor_unregister(m);
}
