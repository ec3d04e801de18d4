// SPDX-License-Identifier: GPL-2.0
/* The cumulative second release: /proc/cmdline only. */
#include <linux/seq_file.h>

int cmdline_show_v2(struct seq_file *m, void *v)
{
	seq_puts(m, "[fix v2] ");
	return orig_cmdline_proc_show(m, v);
}
