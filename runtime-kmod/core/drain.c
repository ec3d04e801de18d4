// SPDX-License-Identifier: GPL-2.0
/*
 * drain.c - wait, after a revert, until no task runs an update's code
 *
 * Unlinking an update's layers (redirect.c) stops new calls from entering
 * its new versions, but a task may still be executing one: preempted inside
 * it, or sleeping in a function it called.  The update module must stay
 * loaded until every such task has left.
 *
 * A drain pass checks the reliable stack trace of every task, idle tasks
 * included, for a return address inside the update module's text.  A task
 * can only be checked while it is off-CPU (task_call_func() pins it there),
 * so one found running is checked again from a work item on its CPU, where
 * it has been switched out for the kworker.  Idle tasks, which are always
 * running on an idle CPU, are checked the same way.  After the revert no
 * task can enter the update's text again, so once every task has been seen
 * clean none is left in it: the reference on the update module is then
 * dropped.  An unclean pass is retried every DRAIN_INTERVAL_MS.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/stacktrace.h>
#include "dynamos.h"
#include "phase.h"
#include "shadow.h"
#include "transfer.h"

#define DRAIN_INTERVAL_MS	100
/* Say which task holds the drain up after 1 s, then every 10 s. */
#define DRAIN_REPORT_FIRST	10
#define DRAIN_REPORT_EVERY	100
#define MAX_STACK_ENTRIES	100

/*
 * Stack trace buffer for dynamos_check_task(), which runs with the task's
 * pi_lock (and possibly its runqueue lock) held and cannot allocate.
 * Protected by dynamos_mutex, which every drain pass holds.
 */
static unsigned long dynamos_stack_entries[MAX_STACK_ENTRIES];

/**
 * struct dynamos_drain_check - state of one drain pass
 * @u:		the update being drained
 * @task:	the task to check (for the work item run on its CPU)
 * @addr:	on -EADDRINUSE, the return address found in the update's text
 * @checked:	tasks checked so far (for the debug log)
 * @moved:	checks done from the task's CPU because it was running
 */
struct dynamos_drain_check {
	struct dynamos_rt_update *u;
	struct task_struct *task;
	unsigned long addr;
	unsigned int checked;
	unsigned int moved;
};

static bool dynamos_in_update_text(struct dynamos_rt_update *u,
				   unsigned long addr)
{
	unsigned long text = (unsigned long)u->mod->core_layout.base;

	/* Only the core text can hold code; init text is gone after load. */
	return addr >= text && addr < text + u->mod->core_layout.text_size;
}

/*
 * task_call_func() callback: @task cannot start or stop running meanwhile.
 * Returns 0 if the task is clean, -EBUSY if it is running (its stack cannot
 * be walked), -EINVAL if its stack trace is unreliable, -EADDRINUSE if the
 * update's text is on its stack.
 */
static int dynamos_check_task(struct task_struct *task, void *arg)
{
	struct dynamos_drain_check *c = arg;
	int i, nr;

	/*
	 * A running task's stack changes under the unwinder.  on_cpu also
	 * covers a task that has blocked but not yet finished switching out,
	 * whose saved stack pointer is not yet valid.
	 */
	if (task != current && (task_curr(task) || READ_ONCE(task->on_cpu)))
		return -EBUSY;
	/*
	 * A runnable task (preempted, or woken and not yet running) with
	 * kretprobe instances pending: the unwinder would call
	 * rethook_find_ret_addr(), which warns for a running task other
	 * than current.  Check it on a later pass.
	 */
	if (task != current && !dynamos_task_walkable(task))
		return -EAGAIN;

	nr = stack_trace_save_tsk_reliable(task, dynamos_stack_entries,
					   ARRAY_SIZE(dynamos_stack_entries));
	if (nr < 0)
		return -EINVAL;

	for (i = 0; i < nr; i++) {
		if (dynamos_in_update_text(c->u, dynamos_stack_entries[i])) {
			c->addr = dynamos_stack_entries[i];
			return -EADDRINUSE;
		}
	}
	return 0;
}

/* work_on_cpu() callback: check c->task from its CPU, where it is not running. */
static long dynamos_check_task_here(void *arg)
{
	struct dynamos_drain_check *c = arg;

	return task_call_func(c->task, dynamos_check_task, c);
}

/*
 * Check @task; if it is running, check it again from its CPU.
 * Called with cpus_read_lock() held (work_on_cpu() needs the CPU online).
 */
static int dynamos_check_task_anywhere(struct dynamos_drain_check *c,
				       struct task_struct *task)
{
	unsigned int cpu;
	int ret;

	c->task = task;
	ret = task_call_func(task, dynamos_check_task, c);
	if (ret != -EBUSY)
		return ret;

	cpu = task_cpu(task);
	if (!cpu_online(cpu))
		return -EBUSY;
	c->moved++;
	ret = work_on_cpu(cpu, dynamos_check_task_here, c);
	pr_debug("%s: drain: %s:%d was running, checked from CPU %u: %d\n",
		 c->u->desc->name, task->comm, task->pid, cpu, ret);
	return ret;
}

static void dynamos_report_blocker(struct dynamos_rt_update *u,
				   struct task_struct *task, int ret,
				   unsigned long addr)
{
	bool report = u->drain_passes == DRAIN_REPORT_FIRST ||
		      !(u->drain_passes % DRAIN_REPORT_EVERY);

	switch (ret) {
	case -EADDRINUSE:
		if (report)
			pr_info("%s: drain: %s:%d is executing %pS\n",
				u->desc->name, task->comm, task->pid,
				(void *)addr);
		break;
	case -EINVAL:
		if (report)
			pr_info("%s: drain: %s:%d has an unreliable stack\n",
				u->desc->name, task->comm, task->pid);
		break;
	case -EBUSY:
		if (report)
			pr_info("%s: drain: %s:%d keeps running\n",
				u->desc->name, task->comm, task->pid);
		break;
	case -EAGAIN:
		if (report)
			pr_info("%s: drain: %s:%d is runnable with kretprobes pending\n",
				u->desc->name, task->comm, task->pid);
		break;
	default:
		pr_debug("%s: drain: %s:%d: error %d\n",
			 u->desc->name, task->comm, task->pid, ret);
		break;
	}
}

static bool dynamos_pinned(struct task_struct *task,
			   struct task_struct **running, unsigned int nr_running)
{
	unsigned int i;

	for (i = 0; i < nr_running; i++)
		if (running[i] == task)
			return true;
	return false;
}

/*
 * One pass over all tasks.  Returns true if none has the update's text on
 * its stack.  Stops at the first task that is not known to be clean.
 *
 * Round 1 checks every task where it is, under tasklist_lock, so no task
 * can be created meanwhile; a task clean at its check stays clean, as the
 * update cannot be entered any more.  Tasks found running are pinned and,
 * in round 2, checked from their CPU, which needs sleeping work_on_cpu()
 * calls and so cannot hold tasklist_lock.
 *
 * Between the rounds, a pinned task still inside the update could create a
 * task that round 1 did not see.  A new task runs its creator's code only
 * if it starts in a function the creator passed it: kernel threads and io
 * workers.  (Others start in user space and can only reach the update
 * through ftrace, which is closed.)  So if any task was pinned, round 3
 * checks every kernel thread and io worker again, under tasklist_lock.
 * Then every task that exists is known clean.  Idle tasks, which create
 * no tasks, are checked at the end, each from its CPU if it is running.
 */
static bool dynamos_drain_pass(struct dynamos_rt_update *u)
{
	struct dynamos_drain_check c = { .u = u };
	struct task_struct *g, *task, **running;
	unsigned int nr_running = 0, max_running = nr_cpu_ids, i, cpu;
	bool clean = true;
	int ret = 0;

	running = kcalloc(max_running, sizeof(*running), GFP_KERNEL);
	if (!running)
		return false;

	/* Round 1: every task where it is. */
	read_lock(&tasklist_lock);
	for_each_process_thread(g, task) {
		c.checked++;
		ret = task_call_func(task, dynamos_check_task, &c);
		if (!ret)
			continue;
		if (ret == -EBUSY && nr_running < max_running) {
			get_task_struct(task);
			running[nr_running++] = task;
			continue;
		}
		dynamos_report_blocker(u, task, ret, c.addr);
		clean = false;
		break;
	}
	read_unlock(&tasklist_lock);

	cpus_read_lock();

	/* Round 2: the running ones, from their CPU. */
	for (i = 0; clean && i < nr_running; i++) {
		ret = dynamos_check_task_anywhere(&c, running[i]);
		if (ret) {
			dynamos_report_blocker(u, running[i], ret, c.addr);
			clean = false;
		}
	}

	/* Round 3: threads a pinned task may have started meanwhile. */
	if (clean && nr_running) {
		read_lock(&tasklist_lock);
		for_each_process_thread(g, task) {
			if (!(task->flags & (PF_KTHREAD | PF_IO_WORKER)))
				continue;
			c.checked++;
			ret = task_call_func(task, dynamos_check_task, &c);
			if (!ret || (ret == -EBUSY &&
				     dynamos_pinned(task, running, nr_running)))
				continue;
			dynamos_report_blocker(u, task, ret, c.addr);
			clean = false;
			break;
		}
		read_unlock(&tasklist_lock);
	}

	/*
	 * Idle tasks are not on the task list.  Those of offline CPUs are
	 * parked in the CPU-offline loop and run no update code (livepatch
	 * treats them the same way).
	 */
	for_each_online_cpu(cpu) {
		if (!clean)
			break;
		task = idle_task(cpu);
		c.checked++;
		ret = dynamos_check_task_anywhere(&c, task);
		if (ret) {
			dynamos_report_blocker(u, task, ret, c.addr);
			clean = false;
		}
	}

	cpus_read_unlock();

	for (i = 0; i < nr_running; i++)
		put_task_struct(running[i]);
	kfree(running);

	pr_debug("%s: drain pass %u: %u checks, %u tasks found running, %u checks from the task's CPU: %s\n",
		 u->desc->name, u->drain_passes, c.checked, nr_running,
		 c.moved, clean ? "clean" : "not yet");
	return clean;
}

static void dynamos_drain_work_fn(struct work_struct *work)
{
	struct dynamos_rt_update *u =
		container_of(to_delayed_work(work), struct dynamos_rt_update,
			     drain_work);

	mutex_lock(&dynamos_mutex);

	/* Re-enabled (or being unregistered) since this work was queued. */
	if (u->state != DYNAMOS_DRAINING)
		goto out;

	/*
	 * First wait until no handler or ftrace trampoline can still send a
	 * call into the layers the revert unlinked (redirect.c), without
	 * holding the mutex.  A revert after a re-enable meanwhile sets
	 * @unsynced again: then wait once more.
	 */
	if (u->unsynced) {
		u->unsynced = false;
		mutex_unlock(&dynamos_mutex);
		synchronize_rcu_tasks_rude();
		synchronize_rcu_tasks();
		mutex_lock(&dynamos_mutex);
		if (u->state != DYNAMOS_DRAINING)
			goto out;
		if (u->unsynced) {
			queue_delayed_work(system_unbound_wq, &u->drain_work, 0);
			goto out;
		}
	}

	u->drain_passes++;
	if (!dynamos_drain_pass(u)) {
		queue_delayed_work(system_unbound_wq, &u->drain_work,
				   msecs_to_jiffies(DRAIN_INTERVAL_MS));
		goto out;
	}

	pr_info("%s: drain complete after %u pass%s; module %s may be removed\n",
		u->desc->name, u->drain_passes,
		u->drain_passes == 1 ? "" : "es", u->mod->name);
	/* No task runs the update's code: its state may be torn down. */
	dynamos_transfer_revert(u);
	dynamos_shadows_stop(u);
	if (u->parent)
		dynamos_phase_drained(u);

	/*
	 * From here on the update module can be removed, and this struct
	 * freed by dynamos_unregister_update().  That waits for dynamos_mutex
	 * and then for this work function to return: touch nothing of @u
	 * after the unlock.  The reference goes before the state, so whoever
	 * sees the update disabled (transition reads 0) can remove the module.
	 */
	module_put(u->mod);
	WRITE_ONCE(u->state, DYNAMOS_DISABLED);
out:
	mutex_unlock(&dynamos_mutex);
}

/**
 * dynamos_drain_init() - prepare an update's drain work
 * @u:	the update
 */
void dynamos_drain_init(struct dynamos_rt_update *u)
{
	INIT_DELAYED_WORK(&u->drain_work, dynamos_drain_work_fn);
}

/**
 * dynamos_drain_start() - begin draining a reverted update
 * @u:	the update, in DYNAMOS_DRAINING state
 *
 * The first pass runs at once; the drain work drops the update module's
 * reference and moves the update to DYNAMOS_DISABLED once it is clean.
 * Context: dynamos_mutex held.
 */
void dynamos_drain_start(struct dynamos_rt_update *u)
{
	lockdep_assert_held(&dynamos_mutex);
	u->drain_passes = 0;
	queue_delayed_work(system_unbound_wq, &u->drain_work, 0);
}

/**
 * dynamos_drain_cancel() - stop a drain because the update was re-enabled
 * @u:	the update
 *
 * Does not wait: a work function already waiting for dynamos_mutex finds
 * the update no longer draining and returns.
 * Context: dynamos_mutex held.
 */
void dynamos_drain_cancel(struct dynamos_rt_update *u)
{
	lockdep_assert_held(&dynamos_mutex);
	cancel_delayed_work(&u->drain_work);
}

/**
 * dynamos_drain_cancel_sync() - wait until an update's drain work is idle
 * @u:	the update, already off the update list
 *
 * Context: process context, dynamos_mutex not held (the work takes it).
 */
void dynamos_drain_cancel_sync(struct dynamos_rt_update *u)
{
	cancel_delayed_work_sync(&u->drain_work);
}
