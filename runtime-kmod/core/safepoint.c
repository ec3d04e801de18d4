// SPDX-License-Identifier: GPL-2.0
/*
 * safepoint.c - switching an update on or off at a safe point
 *
 * An update's layers are linked with the update switched off (redirect.c);
 * the store to its @redirect flag then switches all its functions at once.
 * Without a safe point (`immediate`) that store happens at once.  With
 * `quiescent` or `drained` safe points it happens inside stop_machine(), at
 * a moment where every safe point of the update holds:
 *
 *   quiescent	no task, idle tasks included, has a function of the scope on
 *		its stack: on enable, the originals and the versions of the
 *		updates stacked below (what calls ran so far); on revert, the
 *		update's own versions.  Every other CPU spins in stop_machine
 *		with interrupts off, so every task is off-CPU and its stack
 *		cannot change while it is walked (stack_trace_save_tsk_reliable()).
 *
 *   drained	no call of a function of the scope is in flight: a kretprobe
 *		per function counts entries and returns from the start of the
 *		enable until the update is reverted.  On revert the count is
 *		exact (every call that can run the update's versions began
 *		after the counting did) and the check costs one sum per
 *		function, no stack walk.  On enable, calls that began before
 *		the counting are invisible to it: one moment where the scope's
 *		originals are on no stack must be seen first (as quiescent);
 *		from then on the counters decide.
 *
 * This is a global check, as Ksplice does, rather than a per-task
 * transition as in kernel/livepatch/transition.c.  It needs no per-task
 * state in the dispatch (whose cost per call is a single flag test) and it
 * gives the group guarantee directly: when the update switches, no call
 * chain is inside any member, so no chain runs the old version of one
 * member and the new version of another.  Its price is the pause of
 * stop_machine(): every CPU stops while all stacks are walked (measured in
 * docs/runtime.md), and a task that sits in a scope function forever
 * blocks it, where livepatch would switch every other task and wait for
 * that one.  Attempts are retried, spread over the timeout; if none
 * succeeds, the switch fails with -ETIMEDOUT, the update stays as it was
 * (the caller unlinks the layers of a failed enable), and the log names
 * each blocking task and where it was.
 *
 * A task that is runnable but preempted and has kretprobe (rethook)
 * return addresses pending is not walked: the unwinder would warn
 * (rethook_find_ret_addr() on a running task).  It blocks the attempt,
 * and a later attempt checks it again.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/minmax.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/stacktrace.h>
#include <linux/stop_machine.h>
#include <linux/timekeeping.h>
#include "dynamos.h"
#include "safepoint.h"
#include "transfer.h"

#define SP_STACK_ENTRIES	100
/* drained: how often the counters are read while waiting */
#define SP_POLL_MS		10
/* quiescent without `retries`: one attempt this often */
#define SP_INTERVAL_MS		100
/* blocking tasks named per attempt */
#define SP_MAX_BLOCKERS		8

/* Code a task must not be executing for the switch: [start, end). */
struct dynamos_sp_range {
	unsigned long start;
	unsigned long end;
};

struct dynamos_sp_blocker {
	pid_t pid;
	char comm[TASK_COMM_LEN];
	unsigned long addr;
	int why;
};

/**
 * struct dynamos_sp_try - one attempt, run inside stop_machine()
 * @u:		the update
 * @on:		the value @u->redirect takes if the attempt succeeds
 * @ranges:	code no task may have on its stack
 * @nr_ranges:	entries in @ranges; 0: no stack walk
 * @counts:	check the drained counters
 * @switched:	out: the flag was stored
 * @inflight:	out: calls in flight (drained)
 * @tasks:	out: tasks walked
 * @nr_blockers: out: tasks found in @ranges or not walkable
 * @blockers:	out: the first SP_MAX_BLOCKERS of them
 * @check_ns:	out: time spent inside stop_machine() by the check
 * @migrate_err: out: a migration failed (transfer.c): nothing switched
 * @migrate_failed: out: which one
 */
struct dynamos_sp_try {
	struct dynamos_rt_update *u;
	bool on;
	const struct dynamos_sp_range *ranges;
	unsigned int nr_ranges;
	bool counts;
	bool switched;
	long inflight;
	unsigned int tasks;
	unsigned int nr_blockers;
	struct dynamos_sp_blocker blockers[SP_MAX_BLOCKERS];
	u64 check_ns;
	int migrate_err;
	unsigned int migrate_failed;
};

/* Only one CPU runs the check, and dynamos_mutex serialises the callers. */
static unsigned long dynamos_sp_entries[SP_STACK_ENTRIES];

static void dynamos_sp_status(struct dynamos_sp *sp, const char *fmt, ...)
{
	va_list args;

	spin_lock(&sp->lock);
	va_start(args, fmt);
	vscnprintf(sp->status, sizeof(sp->status), fmt, args);
	va_end(args);
	spin_unlock(&sp->lock);
}

/**
 * dynamos_task_walkable() - can a task's stack be walked without a warning?
 * @task:	a task that is not running
 *
 * A runnable (preempted or just woken) task with kretprobe instances
 * pending makes the unwinder call rethook_find_ret_addr(), which warns for
 * a running task other than current (WARN_ON_ONCE on 6.1).  Such a task is
 * checked again later.
 */
bool dynamos_task_walkable(struct task_struct *task)
{
	return !(task_is_running(task) && READ_ONCE(task->rethooks.first));
}

static void dynamos_sp_block(struct dynamos_sp_try *t,
			     struct task_struct *task, unsigned long addr,
			     int why)
{
	struct dynamos_sp_blocker *b;

	if (t->nr_blockers++ >= SP_MAX_BLOCKERS)
		return;
	b = &t->blockers[t->nr_blockers - 1];
	b->pid = task->pid;
	memcpy(b->comm, task->comm, sizeof(b->comm));
	b->comm[sizeof(b->comm) - 1] = '\0';
	b->addr = addr;
	b->why = why;
}

/* Inside stop_machine(): is @task outside every range? */
static void dynamos_sp_check_task(struct dynamos_sp_try *t,
				  struct task_struct *task)
{
	int nr, i;
	unsigned int j;

	/* The stopper threads, one per CPU, are the only tasks running. */
	if (task_curr(task))
		return;
	t->tasks++;
	if (READ_ONCE(task->on_cpu) || !dynamos_task_walkable(task)) {
		dynamos_sp_block(t, task, 0, -EBUSY);
		return;
	}
	nr = stack_trace_save_tsk_reliable(task, dynamos_sp_entries,
					   ARRAY_SIZE(dynamos_sp_entries));
	if (nr < 0) {
		dynamos_sp_block(t, task, 0, -EINVAL);
		return;
	}
	for (i = 0; i < nr; i++) {
		for (j = 0; j < t->nr_ranges; j++) {
			if (dynamos_sp_entries[i] >= t->ranges[j].start &&
			    dynamos_sp_entries[i] < t->ranges[j].end) {
				dynamos_sp_block(t, task, dynamos_sp_entries[i],
						 -EADDRINUSE);
				return;
			}
		}
	}
}

static long dynamos_sp_inflight(struct dynamos_rt_update *u)
{
	struct dynamos_rt_func *f;
	long sum = 0;
	int cpu;

	dynamos_for_each_func(u, f) {
		if (!f->sp_counter || !f->sp_counter->registered)
			continue;
		for_each_possible_cpu(cpu)
			sum += *per_cpu_ptr(f->sp_counter->inflight, cpu);
	}
	return sum;
}

/* stop_machine() callback: every other CPU spins with interrupts off. */
static int dynamos_sp_try_fn(void *arg)
{
	struct dynamos_sp_try *t = arg;
	struct task_struct *g, *task;
	u64 start = local_clock();
	int cpu;

	if (t->counts) {
		t->inflight = dynamos_sp_inflight(t->u);
		if (t->inflight)
			goto out;
	}
	if (t->nr_ranges) {
		rcu_read_lock();
		for_each_process_thread(g, task)
			dynamos_sp_check_task(t, task);
		rcu_read_unlock();
		for_each_online_cpu(cpu)
			dynamos_sp_check_task(t, idle_task(cpu));
		if (t->nr_blockers)
			goto out;
	}
	/* Data converted at the very moment of the switch (transfer.c). */
	t->migrate_err = dynamos_transfer_migrate(t->u, t->on,
						  &t->migrate_failed);
	if (t->migrate_err)
		goto out;
	/* The caller recomputes the handlers' shortcuts afterwards. */
	WRITE_ONCE(t->u->redirect, t->on);
	t->switched = true;
out:
	t->check_ns = local_clock() - start;
	return 0;
}

/*
 * An immediate switch with migrations: they and the store happen with
 * every CPU stopped, so no call sees the data half converted.
 */
static int dynamos_sp_switch_migrating(struct dynamos_rt_update *u, bool on)
{
	struct dynamos_sp_try t = { .u = u, .on = on };
	int ret;

	ret = stop_machine(dynamos_sp_try_fn, &t, NULL);
	if (!ret)
		ret = t.migrate_err;
	dynamos_transfer_report(u, on, t.migrate_failed, ret);
	return ret;
}

static const char *dynamos_sp_why(int why)
{
	switch (why) {
	case -EADDRINUSE:
		return "is executing";
	case -EINVAL:
		return "has an unreliable stack";
	default:
		return "could not be checked (running, or kretprobes pending)";
	}
}

static void dynamos_sp_report(struct dynamos_rt_update *u,
			      const struct dynamos_sp_try *t, const char *dir)
{
	unsigned int i;

	for (i = 0; i < min_t(unsigned int, t->nr_blockers, SP_MAX_BLOCKERS); i++) {
		const struct dynamos_sp_blocker *b = &t->blockers[i];

		if (b->why == -EADDRINUSE)
			pr_info("%s: %s: task %d (%s) is executing %pS\n",
				u->desc->name, dir, b->pid, b->comm,
				(void *)b->addr);
		else
			pr_info("%s: %s: task %d (%s) %s\n", u->desc->name,
				dir, b->pid, b->comm, dynamos_sp_why(b->why));
	}
	if (t->nr_blockers > SP_MAX_BLOCKERS)
		pr_info("%s: %s: and %u more tasks\n", u->desc->name, dir,
			t->nr_blockers - SP_MAX_BLOCKERS);
	if (t->inflight)
		pr_info("%s: %s: %ld call%s still in flight in a drained function\n",
			u->desc->name, dir, t->inflight,
			t->inflight == 1 ? "" : "s");
}

/* Add the code of the function at @addr (a version) to @r. */
static bool dynamos_sp_symbol_range(unsigned long addr,
				    struct dynamos_sp_range *r)
{
	unsigned long size, off;

	if (!addr || !kallsyms_lookup_size_offset(addr, &size, &off))
		return false;
	r->start = addr - off;
	r->end = addr - off + size;
	return true;
}

/*
 * The code a task must not be executing for @u to switch to @on, for the
 * functions whose @sp_kinds has one of @kinds: on enable, the originals and
 * the versions of the layers below; on revert, the update's own versions.
 * Returns the number of ranges in *@out (kmalloc'ed), or -ENOMEM.
 */
static int dynamos_sp_ranges(struct dynamos_rt_update *u, bool on,
			     unsigned int kinds, struct dynamos_sp_range **out)
{
	struct dynamos_sp_range *r;
	struct dynamos_rt_func *f;
	struct dynamos_layer *l;
	unsigned int n = 0, max = 0, i;

	/*
	 * A function of a module that is not loaded has no code to be in,
	 * and no stack of layers: it is out of the scope (module.c).
	 */
	dynamos_for_each_func(u, f) {
		if (!(f->sp_kinds & kinds) || !f->addr)
			continue;
		max += 1 + f->layer.nr_slots;
		for (l = rcu_dereference_protected(f->layer.below,
				lockdep_is_held(&dynamos_mutex));
		     l; l = rcu_dereference_protected(l->below,
				lockdep_is_held(&dynamos_mutex)))
			max += l->nr_slots;
	}
	*out = NULL;
	if (!max)
		return 0;
	r = kcalloc(max, sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;

	dynamos_for_each_func(u, f) {
		if (!(f->sp_kinds & kinds) || !f->addr)
			continue;
		if (!on) {
			for (i = 0; i < f->layer.nr_slots; i++)
				n += dynamos_sp_symbol_range(f->layer.slots[i].func,
							     &r[n]);
			continue;
		}
		r[n].start = f->addr;
		r[n].end = f->addr + f->desc->old_size;
		n++;
		for (l = rcu_dereference_protected(f->layer.below,
				lockdep_is_held(&dynamos_mutex));
		     l; l = rcu_dereference_protected(l->below,
				lockdep_is_held(&dynamos_mutex)))
			for (i = 0; i < l->nr_slots; i++)
				n += dynamos_sp_symbol_range(l->slots[i].func,
							     &r[n]);
	}
	*out = r;
	return n;
}

static int dynamos_sp_counter_entry(struct kretprobe_instance *ri,
				    struct pt_regs *regs)
{
	struct dynamos_sp_counter *c =
		container_of(get_kretprobe(ri), struct dynamos_sp_counter, krp);

	this_cpu_inc(*c->inflight);
	return 0;
}

static int dynamos_sp_counter_return(struct kretprobe_instance *ri,
				     struct pt_regs *regs)
{
	struct dynamos_sp_counter *c =
		container_of(get_kretprobe(ri), struct dynamos_sp_counter, krp);

	this_cpu_dec(*c->inflight);
	return 0;
}

/*
 * Start counting the calls of the drained functions.  A call that finds
 * no free instance is not counted (nmissed): then the counters cannot be
 * trusted, and dynamos_sp_missed() says so.
 */
static int dynamos_sp_counters_start(struct dynamos_rt_update *u)
{
	struct dynamos_rt_func *f;
	struct dynamos_sp_counter *c;
	int cpu, ret;

	dynamos_for_each_func(u, f) {
		c = f->sp_counter;
		if (!c || c->registered || !f->addr)
			continue;
		for_each_possible_cpu(cpu)
			*per_cpu_ptr(c->inflight, cpu) = 0;
		memset(&c->krp, 0, sizeof(c->krp));
		c->krp.kp.addr = (kprobe_opcode_t *)f->addr;
		c->krp.entry_handler = dynamos_sp_counter_entry;
		c->krp.handler = dynamos_sp_counter_return;
		c->krp.maxactive = max_t(int, 256, 16 * num_possible_cpus());
		ret = register_kretprobe(&c->krp);
		if (ret) {
			pr_err("%s: cannot count the calls of %s for its drained safe point (kretprobe: %d)\n",
			       u->desc->name, f->desc->name, ret);
			dynamos_safepoint_counters_stop(u);
			return ret;
		}
		c->registered = true;
	}
	return 0;
}

/**
 * dynamos_safepoint_counters_stop() - stop counting calls for drained safe points
 * @u:	the update
 *
 * Calls in flight return through the kprobe core's trampoline without
 * reaching the counters.
 * Context: dynamos_mutex held; sleeps.
 */
void dynamos_safepoint_counters_stop(struct dynamos_rt_update *u)
{
	struct dynamos_rt_func *f;

	dynamos_for_each_func(u, f) {
		if (!f->sp_counter || !f->sp_counter->registered)
			continue;
		unregister_kretprobe(&f->sp_counter->krp);
		f->sp_counter->registered = false;
	}
}

static unsigned long dynamos_sp_missed(struct dynamos_rt_update *u)
{
	struct dynamos_rt_func *f;
	unsigned long missed = 0;

	dynamos_for_each_func(u, f)
		if (f->sp_counter && f->sp_counter->registered)
			missed += READ_ONCE(f->sp_counter->krp.nmissed);
	return missed;
}

/**
 * dynamos_safepoint_switch() - store an update's @redirect at its safe point
 * @u:	the update, its layers linked
 * @on:	true to switch its versions on, false to switch them off
 *
 * Immediate updates switch at once.  Others wait, retrying, until their
 * safe points hold at one moment, or give up after the timeout with the
 * update as it was.  Drained counting starts with an enable and stops
 * with the revert (or a failed enable).
 * Context: dynamos_mutex held (the wait holds it); sleeps.
 * Return: 0 when switched, -ETIMEDOUT if the safe point was not reached in
 * time (the blocking tasks are logged), -EINTR if the writer was killed,
 * or the -errno of a failure to set up the counting.
 */
int dynamos_safepoint_switch(struct dynamos_rt_update *u, bool on)
{
	struct dynamos_sp *sp = u->sp;
	const char *dir = on ? "enable" : "revert";
	struct dynamos_sp_range *ranges = NULL;
	unsigned int kinds = DYNAMOS_SP_F_QUIESCENT;
	unsigned int attempts = 0, interval_ms, max_attempts;
	unsigned long deadline, next;
	struct dynamos_sp_try *t;
	int nr_ranges, ret;
	bool counts = false;
	u64 start, t0, pause_ns;

	lockdep_assert_held(&dynamos_mutex);

	if (!sp || (!sp->nr_quiescent && !sp->nr_drained)) {
		if (u->desc->nr_migrations)
			return dynamos_sp_switch_migrating(u, on);
		WRITE_ONCE(u->redirect, on);
		return 0;
	}

	if (sp->nr_drained) {
		if (on) {
			/*
			 * Calls that began before the counting are on stacks
			 * only: the enable sees the drained functions' old
			 * code on no stack, and from then on every call is
			 * counted.
			 */
			kinds |= DYNAMOS_SP_F_DRAINED;
		} else if (dynamos_sp_missed(u) != sp->missed) {
			pr_info("%s: revert: the drained counters missed %lu calls (more in flight than instances): checking stacks instead\n",
				u->desc->name, dynamos_sp_missed(u) - sp->missed);
			kinds |= DYNAMOS_SP_F_DRAINED;
		} else {
			counts = true;
		}
	}

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	nr_ranges = dynamos_sp_ranges(u, on, kinds, &ranges);
	if (nr_ranges < 0) {
		kfree(t);
		return nr_ranges;
	}
	if (on && sp->nr_drained) {
		ret = dynamos_sp_counters_start(u);
		if (ret)
			goto out_free;
		sp->missed = dynamos_sp_missed(u);
	}

	max_attempts = sp->retries ?: max(1U, sp->timeout_ms / SP_INTERVAL_MS);
	interval_ms = nr_ranges ? max(1U, sp->timeout_ms / max_attempts) :
		      SP_POLL_MS;
	WRITE_ONCE(sp->waiting, true);
	start = ktime_get_ns();
	deadline = jiffies + msecs_to_jiffies(sp->timeout_ms);

	for (;;) {
		memset(t, 0, sizeof(*t));
		t->u = u;
		t->on = on;
		t->counts = counts;
		t->ranges = ranges;
		t->nr_ranges = nr_ranges;

		/* Counters alone: read them before stopping the machine. */
		if (counts && !nr_ranges && dynamos_sp_inflight(u)) {
			t->inflight = dynamos_sp_inflight(u);
		} else {
			attempts++;
			t0 = ktime_get_ns();
			ret = stop_machine(dynamos_sp_try_fn, t, NULL);
			pause_ns = ktime_get_ns() - t0;
			if (ret) {
				pr_err("%s: %s: stop_machine failed (%d); nothing switched\n",
				       u->desc->name, dir, ret);
				break;
			}
			if (t->migrate_err) {
				/* The safe point held, the data did not convert. */
				ret = t->migrate_err;
				dynamos_transfer_report(u, on, t->migrate_failed, ret);
				dynamos_sp_status(sp, "%s: failed: migration %s: %d\n",
						  dir, u->desc->migrations[t->migrate_failed].name,
						  ret);
				break;
			}
			if (t->switched) {
				dynamos_transfer_report(u, on, 0, 0);
				sp->last_pause_ns = pause_ns;
				pr_info("%s: %s: safe point reached after %u attempt%s in %llu ns; pause %llu ns (%u tasks checked in %llu ns)\n",
					u->desc->name, dir, attempts,
					attempts == 1 ? "" : "s",
					ktime_get_ns() - start, pause_ns,
					t->tasks, t->check_ns);
				dynamos_sp_status(sp, "%s: reached after %u attempt%s in %llu ns, pause %llu ns, %u tasks checked\n",
						  dir, attempts,
						  attempts == 1 ? "" : "s",
						  ktime_get_ns() - start,
						  pause_ns, t->tasks);
				ret = 0;
				break;
			}
			if (attempts == 1) {
				pr_info("%s: %s: waiting for the safe point (timeout %u ms)\n",
					u->desc->name, dir, sp->timeout_ms);
				dynamos_sp_report(u, t, dir);
			}
		}

		if (t->nr_blockers && t->blockers[0].why == -EADDRINUSE)
			dynamos_sp_status(sp, "%s: waiting, attempt %u of %u: task %d (%s) is executing %pS\n",
					  dir, attempts, max_attempts,
					  t->blockers[0].pid, t->blockers[0].comm,
					  (void *)t->blockers[0].addr);
		else if (t->nr_blockers)
			dynamos_sp_status(sp, "%s: waiting, attempt %u of %u: task %d (%s) %s\n",
					  dir, attempts, max_attempts,
					  t->blockers[0].pid, t->blockers[0].comm,
					  dynamos_sp_why(t->blockers[0].why));
		else
			dynamos_sp_status(sp, "%s: waiting: %ld call%s in flight\n",
					  dir, t->inflight,
					  t->inflight == 1 ? "" : "s");

		if (time_after_eq(jiffies, deadline) ||
		    (nr_ranges && attempts >= max_attempts)) {
			pr_err("%s: %s: safe point not reached after %u attempt%s in %llu ms; nothing switched\n",
			       u->desc->name, dir, attempts,
			       attempts == 1 ? "" : "s",
			       (ktime_get_ns() - start) / NSEC_PER_MSEC);
			dynamos_sp_report(u, t, dir);
			dynamos_sp_status(sp, "%s: failed: not reached after %u attempt%s in %llu ms\n",
					  dir, attempts, attempts == 1 ? "" : "s",
					  (ktime_get_ns() - start) / NSEC_PER_MSEC);
			ret = -ETIMEDOUT;
			break;
		}
		next = jiffies + msecs_to_jiffies(interval_ms);
		if (time_after(next, deadline))
			next = deadline;
		schedule_timeout_killable(max_t(long, 1, next - jiffies));
		if (fatal_signal_pending(current)) {
			pr_err("%s: %s: interrupted while waiting for the safe point; nothing switched\n",
			       u->desc->name, dir);
			ret = -EINTR;
			break;
		}
	}
	WRITE_ONCE(sp->waiting, false);

	/* Counting lasts while the update is enabled. */
	if ((on && ret) || (!on && !ret))
		dynamos_safepoint_counters_stop(u);
out_free:
	kfree(ranges);
	kfree(t);
	return ret;
}

/**
 * dynamos_safepoints_init() - copy and check an update's safe points
 * @u:	the update being registered; its funcs are set up
 *
 * Marks each function with the kinds of safe point whose scope holds it.
 * The update switches at one moment where all hold, so one timeout (the
 * longest) and one number of retries (the largest) apply to the switch.
 * Context: process context, before the update is visible.
 * Return: 0, -EINVAL for a malformed description (logged), -ENOMEM.
 */
int dynamos_safepoints_init(struct dynamos_rt_update *u)
{
	const struct dynamos_update *d = u->desc;
	const struct dynamos_safepoint *s;
	struct dynamos_rt_func *f;
	struct dynamos_sp *sp;
	unsigned int i, j, flag;

	if (!d->nr_safepoints)
		return 0;
	if (!d->safepoints || d->nr_safepoints > 2 * DYNAMOS_MAX_FUNCS + 1) {
		pr_err("%s: malformed safe points\n", d->name);
		return -EINVAL;
	}
	sp = kzalloc(sizeof(*sp), GFP_KERNEL);
	if (!sp)
		return -ENOMEM;
	spin_lock_init(&sp->lock);
	u->sp = sp;

	for (i = 0; i < d->nr_safepoints; i++) {
		s = &d->safepoints[i];
		switch (s->kind) {
		case DYNAMOS_SP_IMMEDIATE:
			continue;
		case DYNAMOS_SP_QUIESCENT:
			flag = DYNAMOS_SP_F_QUIESCENT;
			break;
		case DYNAMOS_SP_DRAINED:
			flag = DYNAMOS_SP_F_DRAINED;
			break;
		default:
			pr_err("%s: safe point %u has an unknown kind %d\n",
			       d->name, i, s->kind);
			return -EINVAL;
		}
		if (s->timeout_ms > DYNAMOS_SP_MAX_TIMEOUT_MS ||
		    s->retries > DYNAMOS_SP_MAX_RETRIES ||
		    s->nr_funcs > u->nr_funcs || (s->nr_funcs && !s->funcs)) {
			pr_err("%s: safe point %u is malformed\n", d->name, i);
			return -EINVAL;
		}
		sp->timeout_ms = max(sp->timeout_ms, s->timeout_ms ?:
				     DYNAMOS_SP_DEFAULT_TIMEOUT_MS);
		sp->retries = max(sp->retries, s->retries);
		for (j = 0; j < (s->nr_funcs ?: u->nr_funcs); j++) {
			unsigned int k = s->nr_funcs ? s->funcs[j] : j;

			if (k >= u->nr_funcs ||
			    (s->nr_funcs && u->funcs[k].restarted)) {
				pr_err("%s: safe point %u names function %u of %u, or a restarted thread's entry\n",
				       d->name, i, k, u->nr_funcs);
				return -EINVAL;
			}
			/* A restarted thread is stopped instead (restart.c). */
			if (!u->funcs[k].restarted)
				u->funcs[k].sp_kinds |= flag;
		}
	}

	dynamos_for_each_func(u, f) {
		if (f->sp_kinds & DYNAMOS_SP_F_QUIESCENT)
			sp->nr_quiescent++;
		if (!(f->sp_kinds & DYNAMOS_SP_F_DRAINED))
			continue;
		sp->nr_drained++;
		f->sp_counter = kzalloc(sizeof(*f->sp_counter), GFP_KERNEL);
		if (!f->sp_counter)
			return -ENOMEM;
		f->sp_counter->f = f;
		f->sp_counter->inflight = alloc_percpu(long);
		if (!f->sp_counter->inflight)
			return -ENOMEM;
	}
	dynamos_sp_status(sp, "idle\n");
	return 0;
}

/**
 * dynamos_safepoints_free() - free what dynamos_safepoints_init() allocated
 * @u:	the update; its counters are not registered
 */
void dynamos_safepoints_free(struct dynamos_rt_update *u)
{
	struct dynamos_rt_func *f;

	dynamos_for_each_func(u, f) {
		if (!f->sp_counter)
			continue;
		free_percpu(f->sp_counter->inflight);
		kfree(f->sp_counter);
		f->sp_counter = NULL;
	}
	kfree(u->sp);
	u->sp = NULL;
}

/**
 * dynamos_safepoint_show() - /sys/kernel/dynamos/<update>/safepoint
 * @u:		the update
 * @buf:	sysfs buffer
 *
 * Return: bytes written.
 */
ssize_t dynamos_safepoint_show(struct dynamos_rt_update *u, char *buf)
{
	struct dynamos_sp *sp = u->sp;
	ssize_t len;

	if (u->nr_phases)
		return sysfs_emit(buf, "per phase: phases/*/safepoint\n");
	if (!sp)
		return sysfs_emit(buf, "immediate\n");
	spin_lock(&sp->lock);
	len = sysfs_emit(buf, "%s%s%s, timeout %u ms: %s",
			 sp->nr_quiescent ? "quiescent" : "",
			 sp->nr_quiescent && sp->nr_drained ? "+" : "",
			 sp->nr_drained ? "drained" : "", sp->timeout_ms,
			 sp->status);
	spin_unlock(&sp->lock);
	return len;
}
