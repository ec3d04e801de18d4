// SPDX-License-Identifier: GPL-2.0
/*
 * The new entry of the kswapd threads: it says which node it serves, then
 * runs the kernel's own reclaim loop (orig_kswapd, the original entered past
 * its ftrace site, so not redirected again). A real update changes the loop
 * here; the runtime's part is the same: every kswapd thread is stopped and
 * started again on this entry, and returns to the kernel's on revert.
 */
#include <linux/mmzone.h>
#include <linux/printk.h>
#include <linux/sched.h>

int kswapd_v2(void *p)
{
	pg_data_t *pgdat = p;
	int ret;

	pr_info("kswapd_v2: %s (pid %d) reclaims node %d\n", current->comm, current->pid, pgdat->node_id);
	ret = orig_kswapd(p);	/* returns once kswapd_stop() asks the thread to stop */
	pr_info("kswapd_v2: %s (pid %d) stops\n", current->comm, current->pid);
	return ret;
}
