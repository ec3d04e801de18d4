// SPDX-License-Identifier: GPL-2.0
/*
 * New version of version_proc_show() (fs/proc/version.c), which prints
 * /proc/version: the same banner, then a line naming the update.
 */
#include <linux/printk.h>
#include <linux/seq_file.h>
#include <linux/utsname.h>

int version_proc_show_monitored(struct seq_file *m, void *v)
{
	seq_printf(m, linux_proc_banner,
		   utsname()->sysname,
		   utsname()->release,
		   utsname()->version);
	seq_puts(m, "updated in place by dynamos (monitor_proc)\n");
	return 0;
}
