// SPDX-License-Identifier: GPL-2.0
/*
 * A new pipe_read() (fs/pipe.c) that counts the bytes every pipe and FIFO
 * delivers, then the kernel's own code does the read.  It keeps its own
 * frame around the call (the count comes after it), so a reader sleeping
 * on an empty pipe has the new version on its stack: the revert waits for
 * it, as the enable waited for readers sleeping in the original.
 */
#include <linux/fs.h>
#include <linux/printk.h>
#include <linux/uio.h>

static atomic_long_t pipe_bytes = ATOMIC_LONG_INIT(0);

ssize_t pipe_read_counted(struct kiocb *iocb, struct iov_iter *to)
{
	ssize_t ret = orig_pipe_read(iocb, to);

	if (ret > 0 && atomic_long_add_return(ret, &pipe_bytes) == ret)
		pr_info("quiescent_fifo: first bytes read through the new pipe_read\n");
	return ret;
}
