// SPDX-License-Identifier: GPL-2.0
/*
 * restart.c - kernel-thread restarts: `restart thread ENTRY with NEW;`
 *
 * A kernel thread that loops forever in its entry function (kswapd) never
 * calls the entry again, so redirecting the entry changes nothing for the
 * thread that runs: it has to be stopped and started again.  The core
 * does that only with the subsystem's own stop and start functions, which
 * know everything the subsystem keeps about its threads (kswapd_stop() and
 * kswapd_run() clear and set pgdat->kswapd under pgdat->kswapd_lock, as
 * memory hotplug does); an entry without such a pair is refused, at check
 * time by the compiler and at registration here.
 *
 * The update module carries the entry's redirection to NEW as an ordinary
 * unconditional function of the update, outside every safe point's scope.
 * A switch, either way, then runs:
 *
 *  1. stop every thread running the entry (one per memory node for kswapd),
 *     from a helper thread, since kthread_stop() waits without a limit for
 *     the thread to reach its next kthread_should_stop() check; the write
 *     to `enabled` waits for the helper at most the restart's timeout;
 *  2. switch the update (its safe points, hooks and migrations as usual),
 *     so the entry now runs NEW (on enable) or the code below (on revert);
 *  3. start the threads again with the subsystem's start function: the same
 *     name, and the scheduling policy and priority the old thread had (its
 *     CPU binding the entry sets itself, as kswapd binds to its node).
 *
 * If a thread does not stop within the timeout, the switch fails with
 * -ETIMEDOUT and nothing switches: the update stays as it was and the log
 * names the thread.  The helper goes on waiting; once the thread stops, it
 * starts it again running what it ran before, and until then the update
 * refuses to switch (-EBUSY).  If the switch itself fails, step 3 starts
 * the threads with the code that ran before.
 *
 * Between steps 1 and 3 the node has no kswapd: allocations that need
 * memory reclaim it themselves (direct reclaim), as they do whenever
 * kswapd is behind, and a new kswapd starts by checking its node's
 * watermarks, so it reclaims what became due meanwhile.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/mmzone.h>
#include <linux/module.h>
#include <linux/nodemask.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/swap.h>
#include <uapi/linux/sched/types.h>
#include "dynamos.h"
#include "restart.h"

#define DYNAMOS_RESTART_DEFAULT_TIMEOUT_MS	10000U

/**
 * struct dynamos_thread_kind - kernel threads the core can restart
 * @entry:	their entry function
 * @how:	the subsystem's functions doing it, for the log
 * @task:	the thread of instance @i with a reference, or NULL
 * @stop:	stops the thread of instance @i, waiting until it has exited
 * @start:	starts a thread for instance @i (it calls @entry)
 *
 * Instances are the memory nodes (for_each_node_state(N_MEMORY)).
 */
struct dynamos_thread_kind {
	const char *entry;
	const char *how;
	struct task_struct *(*task)(int i);
	void (*stop)(int i);
	void (*start)(int i);
};

static struct task_struct *dynamos_kswapd_task(int nid)
{
	pg_data_t *pgdat = NODE_DATA(nid);
	struct task_struct *t;

	mutex_lock(&pgdat->kswapd_lock);
	t = pgdat->kswapd;
	if (t)
		get_task_struct(t);
	mutex_unlock(&pgdat->kswapd_lock);
	return t;
}

static const struct dynamos_thread_kind dynamos_thread_kinds[] = {
	{
		.entry	= "kswapd",
		.how	= "kswapd_stop()/kswapd_run()",
		.task	= dynamos_kswapd_task,
		.stop	= kswapd_stop,
		.start	= kswapd_run,
	},
};

static const struct dynamos_thread_kind *dynamos_thread_kind(const char *entry)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dynamos_thread_kinds); i++)
		if (!strcmp(dynamos_thread_kinds[i].entry, entry))
			return &dynamos_thread_kinds[i];
	return NULL;
}

/**
 * struct dynamos_restart_thread - one thread being restarted
 * @kind:	what it is
 * @r:		the restart line it comes from
 * @instance:	its node
 * @pid:	the old thread's pid, for the log
 * @comm:	its name
 * @attr:	its scheduling policy and priority, given to the new thread
 * @keep_attr:	@attr differs from a new kernel thread's (SCHED_NORMAL, nice 0)
 */
struct dynamos_restart_thread {
	const struct dynamos_thread_kind *kind;
	const struct dynamos_restart *r;
	int instance;
	pid_t pid;
	char comm[TASK_COMM_LEN];
	struct sched_attr attr;
	bool keep_attr;
};

/**
 * struct dynamos_restart_req - one switch's restarts
 * @ref:	the waiter's and the helper's
 * @lock:	protects @stopped and @abandoned
 * @stopped:	the helper has stopped every thread
 * @abandoned:	the waiter gave up: the helper starts the threads itself
 * @stopping:	index of the thread the helper is stopping
 * @done:	completed when @stopped is set (unless @abandoned)
 * @u:		the update (a reference on its kobject)
 * @on:		enabling (the threads are to run NEW) or reverting
 * @timeout_ms:	the waiter's limit
 * @nr:		entries in @threads
 * @threads:	the threads, stopped in order
 */
struct dynamos_restart_req {
	refcount_t ref;
	spinlock_t lock;
	bool stopped;
	bool abandoned;
	unsigned int stopping;
	struct completion done;
	struct dynamos_rt_update *u;
	bool on;
	unsigned int timeout_ms;
	unsigned int nr;
	struct dynamos_restart_thread threads[];
};

/**
 * dynamos_restart_init() - check an update's restarts at registration
 * @u:	the update (or phase)
 *
 * Marks the entries' redirections, which no safe point's scope holds.
 * Return: 0, or -EINVAL for an entry the core cannot restart (logged).
 */
int dynamos_restart_init(struct dynamos_rt_update *u)
{
	const struct dynamos_update *d = u->desc;
	unsigned int i;

	for (i = 0; i < d->nr_restarts; i++) {
		const struct dynamos_restart *r = &d->restarts[i];

		if (!dynamos_thread_kind(r->entry)) {
			pr_err("%s: cannot restart the threads running %s: the core knows how to stop and start only those of kswapd\n",
			       d->name, r->entry);
			return -EINVAL;
		}
		u->funcs[r->func].restarted = true;
	}
	return 0;
}

/* Has a helper of an earlier switch still a thread to stop and start? */
static bool dynamos_restart_busy(struct dynamos_rt_update *u)
{
	return atomic_read(&u->restarts_late) > 0;
}

static void dynamos_restart_put(struct dynamos_restart_req *req)
{
	if (refcount_dec_and_test(&req->ref)) {
		kobject_put(&req->u->kobj);
		kfree(req);
	}
}

/*
 * Step 3: start every stopped thread again, with the old one's scheduling;
 * @runs_new: the entry is redirected to NEW now (for the log).
 */
static void dynamos_restart_threads(struct dynamos_restart_req *req,
				    bool runs_new)
{
	const struct dynamos_update *d = req->u->desc;
	unsigned int i;

	for (i = 0; i < req->nr; i++) {
		struct dynamos_restart_thread *t = &req->threads[i];
		struct task_struct *task;
		char runs[KSYM_SYMBOL_LEN];
		int ret;

		if (runs_new)
			snprintf(runs, sizeof(runs), "%ps",
				 d->funcs[t->r->func].new_func);
		else
			strscpy(runs, t->r->entry, sizeof(runs));

		t->kind->start(t->instance);
		task = t->kind->task(t->instance);
		if (!task) {
			pr_err("%s: %s (pid %d) stopped but no new thread started on node %d; %s runs again when the node's memory is next onlined, reclaim is direct until then\n",
			       req->u->desc->name, t->comm, t->pid, t->instance,
			       t->kind->entry);
			continue;
		}
		ret = t->keep_attr ? sched_setattr_nocheck(task, &t->attr) : 0;
		if (ret)
			pr_warn("%s: %s (pid %d) runs with the default scheduling: setting policy %u nice %d failed (%d)\n",
				req->u->desc->name, task->comm, task->pid,
				t->attr.sched_policy, t->attr.sched_nice, ret);
		pr_info("%s: restarted %s: pid %d -> %d, running %s\n",
			req->u->desc->name, t->comm, t->pid, task->pid, runs);
		put_task_struct(task);
	}
}

/* Step 1, in the helper thread: stop the threads, however long it takes. */
static int dynamos_restart_stopper(void *data)
{
	struct dynamos_restart_req *req = data;
	struct dynamos_rt_update *u = req->u;
	bool late;
	unsigned int i;

	for (i = 0; i < req->nr; i++) {
		WRITE_ONCE(req->stopping, i);
		req->threads[i].kind->stop(req->threads[i].instance);
	}

	spin_lock(&req->lock);
	late = req->abandoned;
	req->stopped = true;
	spin_unlock(&req->lock);

	if (late) {
		/* Nothing switched: the entry runs what it ran before. */
		pr_info("%s: the threads stopped late; starting them again as they were\n",
			u->desc->name);
		dynamos_restart_threads(req, !req->on);
		atomic_dec(&u->restarts_late);
	} else {
		complete(&req->done);
	}
	dynamos_restart_put(req);
	module_put_and_kthread_exit(0);
}

/**
 * dynamos_restart_stop() - step 1 of a switch: stop the restarted threads
 * @u:		the update (or phase) about to switch
 * @on:		enabling (else reverting)
 * @reqp:	set to the request to pass to dynamos_restart_start(), or to
 *		NULL when @u restarts nothing (or no thread runs)
 *
 * Context: process context, dynamos_mutex held.
 * Return: 0 once every thread running a restarted entry has exited;
 * -ETIMEDOUT if one did not within the timeout (logged: nothing may
 * switch, the helper restarts the threads as they were once they stop);
 * -EBUSY while the helper of an earlier timeout waits; -ENOMEM.
 */
int dynamos_restart_stop(struct dynamos_rt_update *u, bool on,
			 struct dynamos_restart_req **reqp)
{
	const struct dynamos_update *d = u->desc;
	struct dynamos_restart_req *req;
	struct task_struct *helper;
	unsigned int i, nr = 0;
	int nid;

	*reqp = NULL;
	if (!d->nr_restarts)
		return 0;
	if (dynamos_restart_busy(u)) {
		pr_err("%s: cannot switch: a thread it restarts has not stopped yet since the last attempt\n",
		       d->name);
		return -EBUSY;
	}

	req = kzalloc(struct_size(req, threads, d->nr_restarts * nr_node_ids),
		      GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	refcount_set(&req->ref, 1);
	spin_lock_init(&req->lock);
	init_completion(&req->done);
	kobject_get(&u->kobj);
	req->u = u;
	req->on = on;
	for (i = 0; i < d->nr_restarts; i++) {
		const struct dynamos_thread_kind *kind;

		kind = dynamos_thread_kind(d->restarts[i].entry);
		req->timeout_ms = max(req->timeout_ms, d->restarts[i].timeout_ms ?:
				      DYNAMOS_RESTART_DEFAULT_TIMEOUT_MS);
		for_each_node_state(nid, N_MEMORY) {
			struct dynamos_restart_thread *t = &req->threads[nr];
			struct task_struct *task = kind->task(nid);

			if (!task)
				continue;
			t->kind = kind;
			t->r = &d->restarts[i];
			t->instance = nid;
			t->pid = task->pid;
			get_task_comm(t->comm, task);
			t->attr.size = sizeof(t->attr);
			t->attr.sched_policy = task->policy;
			t->attr.sched_nice = task_nice(task);
			t->attr.sched_priority = task->rt_priority;
			t->keep_attr = task->policy != SCHED_DEADLINE &&
				       (task->policy != SCHED_NORMAL ||
					task_nice(task));
			put_task_struct(task);
			pr_info("%s: stopping %s (pid %d) with %s\n", d->name,
				t->comm, t->pid, kind->how);
			nr++;
		}
	}
	req->nr = nr;
	if (!nr) {
		dynamos_restart_put(req);
		return 0;
	}

	refcount_inc(&req->ref);
	__module_get(THIS_MODULE);
	helper = kthread_run(dynamos_restart_stopper, req, "dynamos-restart");
	if (IS_ERR(helper)) {
		module_put(THIS_MODULE);
		refcount_dec(&req->ref);
		dynamos_restart_put(req);
		return PTR_ERR(helper);
	}

	if (!wait_for_completion_timeout(&req->done,
					 msecs_to_jiffies(req->timeout_ms))) {
		bool late;

		spin_lock(&req->lock);
		late = !req->stopped;
		if (late) {
			req->abandoned = true;
			atomic_inc(&u->restarts_late);
		}
		spin_unlock(&req->lock);
		if (late) {
			struct dynamos_restart_thread *t;

			t = &req->threads[READ_ONCE(req->stopping)];
			pr_err("%s: %s (pid %d) did not stop within %u ms: nothing switched, the update stays %s; it is started again as it was once it stops\n",
			       d->name, t->comm, t->pid, req->timeout_ms,
			       on ? "disabled" : "enabled");
			dynamos_restart_put(req);
			return -ETIMEDOUT;
		}
		/* It stopped as the wait ended. */
		wait_for_completion(&req->done);
	}
	*reqp = req;
	return 0;
}

/**
 * dynamos_restart_start() - step 3 of a switch: start the threads again
 * @req:	from dynamos_restart_stop(), or NULL (nothing to do)
 * @switched:	the switch happened (the entry runs the other code now)
 *
 * Context: process context, dynamos_mutex held.
 */
void dynamos_restart_start(struct dynamos_restart_req *req, bool switched)
{
	if (!req)
		return;
	dynamos_restart_threads(req, req->on == switched);
	dynamos_restart_put(req);
}
