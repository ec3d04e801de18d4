// SPDX-License-Identifier: GPL-2.0
/*
 * drop_caches_sysctl_handler() as in fs/drop_caches.c, with the log line
 * saying which caches were dropped. Its `static int stfu` is the kernel's own,
 * bound by the script as drop_caches_stfu: writing 4 silences the kernel's
 * handler and this one alike, before, during and after the update.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sysctl.h>
#include <linux/vmstat.h>

extern int sysctl_drop_caches;
void drop_pagecache_sb(struct super_block *sb, void *unused);	/* static in fs/drop_caches.c */
void drop_slab(void);

int drop_caches_sysctl_handler_v2(struct ctl_table *table, int write, void *buffer, size_t *length,
				  loff_t *ppos)
{
	int ret;

	ret = proc_dointvec_minmax(table, write, buffer, length, ppos);
	if (ret)
		return ret;
	if (write) {
		if (sysctl_drop_caches & 1) {
			iterate_supers(drop_pagecache_sb, NULL);
			count_vm_event(DROP_PAGECACHE);
		}
		if (sysctl_drop_caches & 2) {
			drop_slab();
			count_vm_event(DROP_SLAB);
		}
		if (!drop_caches_stfu)
			pr_info("%s (%d): drop_caches: %d (%s%s)\n", current->comm, task_pid_nr(current),
				sysctl_drop_caches, sysctl_drop_caches & 1 ? "page cache " : "",
				sysctl_drop_caches & 2 ? "slab" : "");
		drop_caches_stfu |= sysctl_drop_caches & 4;
	}
	return 0;
}
