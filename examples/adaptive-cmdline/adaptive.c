// SPDX-License-Identifier: GPL-2.0
/*
 * New version of cmdline_proc_show() (fs/proc/cmdline.c) for readers named
 * "cat": the command line with a marker.  Other readers run the original.
 *
 * saved_command_line is not exported to modules; dynamos binds it to its
 * address in the running kernel when it builds the update.
 */
#include <linux/init.h>
#include <linux/seq_file.h>

int cmdline_proc_show_cat(struct seq_file *m, void *v)
{
	seq_puts(m, saved_command_line);
	seq_puts(m, " [dynamos: adaptive_cmdline, for cat]\n");
	return 0;
}
