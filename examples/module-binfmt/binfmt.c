// SPDX-License-Identifier: GPL-2.0
/*
 * New versions of two functions of the binfmt_misc module (fs/binfmt_misc.c).
 *
 * bm_status_read() prints /proc/sys/fs/binfmt_misc/status: the new version
 * reads the module's own `enabled` flag, bound by the script, and marks its
 * answer.  bm_entry_read() prints one registered format: the new version
 * counts the reads and runs the module's own code, orig_bm_entry_read().
 *
 * Neither names a symbol of binfmt_misc directly: the update does not depend
 * on the module and loads before or after it.
 */
#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/printk.h>
#include <linux/string.h>

ssize_t bm_status_read_v2(struct file *file, char __user *buf, size_t nbytes, loff_t *ppos)
{
	const char *s = binfmt_enabled ? "enabled (patched by dynamos)\n" : "disabled (patched by dynamos)\n";

	return simple_read_from_buffer(buf, nbytes, ppos, s, strlen(s));
}

static atomic_t entry_reads = ATOMIC_INIT(0);

ssize_t bm_entry_read_v2(struct file *file, char __user *buf, size_t nbytes, loff_t *ppos)
{
	pr_info("binfmt_misc entry read %d\n", atomic_inc_return(&entry_reads));
	return orig_bm_entry_read(file, buf, nbytes, ppos);
}
