// SPDX-License-Identifier: GPL-2.0
/*
 * The new versions of shadow_newpid. dynamos_shadow_newpid(task) returns the
 * task's value, created (zero) on first use; dynamos_shadow_newpid_get(task)
 * only looks. Both are generated from the script's shadow line, with the
 * field's type.
 */
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/seq_file.h>

/* Called once for every new task, in the parent, before the child first runs. */
void wake_up_new_task_v2(struct task_struct *p)
{
	int *newpid = dynamos_shadow_newpid(p);

	if (newpid)		/* NULL if the allocation failed: no value, nothing else changes */
		*newpid = task_pid_nr(p);
	orig_wake_up_new_task(p);
}

/* Runs only for tasks whose newpid is set (the version's predicate). */
int proc_pid_status_v2(struct seq_file *m, struct pid_namespace *ns, struct pid *pid, struct task_struct *task)
{
	int ret = orig_proc_pid_status(m, ns, pid, task);
	int *newpid = dynamos_shadow_newpid_get(task);

	if (newpid)
		seq_printf(m, "newpid:\t%d\n", *newpid);
	return ret;
}
