// SPDX-License-Identifier: GPL-2.0
/*
 * tag_v1: every new task gets a tag, its pid at creation (a shadow field);
 * /proc/<pid>/status shows it. dynamos_shadow_tag(task) gets or creates the
 * value, dynamos_shadow_tag_get(task) only looks (generated from the script).
 */
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/seq_file.h>

void wake_up_new_task_v1(struct task_struct *p)
{
	int *tag = dynamos_shadow_tag(p);

	if (tag)		/* NULL if the allocation failed: no tag */
		*tag = task_pid_nr(p);
	orig_wake_up_new_task(p);
}

/* Runs only for tasks with a tag (the version's predicate). */
int proc_pid_status_v1(struct seq_file *m, struct pid_namespace *ns, struct pid *pid, struct task_struct *task)
{
	int ret = orig_proc_pid_status(m, ns, pid, task);
	int *tag = dynamos_shadow_tag_get(task);

	if (tag)
		seq_printf(m, "tag:\t%d (read by v1)\n", *tag);
	return ret;
}
