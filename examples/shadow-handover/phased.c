// SPDX-License-Identifier: GPL-2.0
/*
 * tag_phased, a multi-phase release replacing tag_v1: the same shadow field,
 * reached from both phases; the tags tag_v1 set are its own once it took over.
 */
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/seq_file.h>

void wake_up_new_task_phased(struct task_struct *p)
{
	int *tag = dynamos_shadow_tag(p);

	if (tag)
		*tag = task_pid_nr(p);
	orig_wake_up_new_task(p);
}

int proc_pid_status_phased(struct seq_file *m, struct pid_namespace *ns, struct pid *pid, struct task_struct *task)
{
	int ret = orig_proc_pid_status(m, ns, pid, task);
	int *tag = dynamos_shadow_tag_get(task);

	if (tag)
		seq_printf(m, "tag:\t%d (read by phased)\n", *tag);
	return ret;
}
