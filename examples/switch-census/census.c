// SPDX-License-Identifier: GPL-2.0
/*
 * take_census() is a migration: the runtime calls it with forward = true at
 * the moment the update switches on and with false at the moment it
 * switches off, inside stop_machine(): every other CPU is stopped with
 * interrupts off, so the walk sees every task exactly once and the first
 * read of /proc/version after the switch sees the finished census.  It must
 * not sleep or allocate with GFP_KERNEL; a negative return would cancel the
 * switch.  dynamos-prototypes.h declares it as int take_census(_Bool).
 */
#include <linux/cred.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>

static unsigned int tasks, kthreads, root_tasks;

int take_census(bool forward)
{
	struct task_struct *g, *t;

	tasks = kthreads = root_tasks = 0;
	if (!forward)
		return 0;
	rcu_read_lock();
	for_each_process_thread(g, t) {
		tasks++;
		if (t->flags & PF_KTHREAD)
			kthreads++;
		else if (uid_eq(task_uid(t), GLOBAL_ROOT_UID))
			root_tasks++;
	}
	rcu_read_unlock();
	return 0;
}

int version_show_census(struct seq_file *m, void *v)
{
	seq_printf(m, "[dynamos switch_census: %u tasks at the switch: %u kernel threads, %u of root, %u of other users] ",
		   tasks, kthreads, root_tasks, tasks - kthreads - root_tasks);
	return orig_version_proc_show(m, v);
}
