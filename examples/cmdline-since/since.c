// SPDX-License-Identifier: GPL-2.0
/*
 * State set up and torn down by hooks.  since_activate() runs before the
 * switch (process context: it may allocate); a non-zero return would refuse
 * the enable with nothing switched.  since_revert() runs once the revert
 * has drained: no task is inside cmdline_proc_show_since() any more, so the
 * banner it prints can be freed.  dynamos-prototypes.h declares both with
 * the prototypes the runtime calls them with.
 */
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

static char *banner;

int since_activate(void)
{
	banner = kasprintf(GFP_KERNEL, "[dynamos cmdline_since: enabled %lld s after boot]",
			   ktime_get_boottime_seconds());
	return banner ? 0 : -ENOMEM;
}

void since_revert(void)
{
	kfree(banner);
	banner = NULL;
}

int cmdline_proc_show_since(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", banner);
	return orig_cmdline_proc_show(m, v);
}
