// SPDX-License-Identifier: GPL-2.0
/* The first release of the fix: both files marked, then the kernel's own text. */
#include <linux/seq_file.h>

int cmdline_show_v1(struct seq_file *m, void *v)
{
	seq_puts(m, "[fix v1] ");
	return orig_cmdline_proc_show(m, v);
}

int version_show_v1(struct seq_file *m, void *v)
{
	seq_puts(m, "[fix v1] ");
	return orig_version_proc_show(m, v);
}
