// SPDX-License-Identifier: GPL-2.0
/*
 * A wrapper around cmdline_proc_show() (fs/proc/cmdline.c), which prints
 * /proc/cmdline: a check in front of it, then the kernel's own code.
 *
 * The check: a task in a PID namespace other than the initial one (a
 * container) does not see the host's command line.  Other readers get a
 * line saying the check ran, then the original output.
 *
 * orig_cmdline_proc_show() is declared by dynamos in dynamos-prototypes.h
 * with the original's prototype; it runs the kernel's cmdline_proc_show
 * entered past its ftrace site, so the call is not redirected back here.
 * Calling cmdline_proc_show() itself would recurse: the build refuses it.
 */
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/seq_file.h>

int cmdline_proc_show_checked(struct seq_file *m, void *v)
{
	if (task_active_pid_ns(current) != &init_pid_ns) {
		seq_puts(m, "[dynamos: hidden from this PID namespace]\n");
		return 0;
	}
	seq_puts(m, "[dynamos: wrap_cmdline checked this read]\n");
	return orig_cmdline_proc_show(m, v);
}
