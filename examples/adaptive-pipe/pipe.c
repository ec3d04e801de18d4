// SPDX-License-Identifier: GPL-2.0
/*
 * The two versions of pipe_write. Both count the bytes the pipe took in its
 * shadow field (dynamos_shadow_bytes(), created zero on a pipe's first
 * write, freed with the pipe by free_pipe_info()) and run the kernel's own
 * pipe_write. The bulk version first grows the pipe's ring from the default
 * 16 pages to 64, as fcntl(F_SETPIPE_SZ) does, but without charging the
 * extra pages to the user's pipe-buffer quota (the kernel's accounting stays
 * as it was, so freeing the pipe stays balanced).
 */
#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/pipe_fs_i.h>
#include <linux/uio.h>

#define BULK_SLOTS	64	/* a power of two, at most pipe-max-size / PAGE_SIZE */

static ssize_t write_counted(struct pipe_inode_info *pipe, struct kiocb *iocb, struct iov_iter *from)
{
	u64 *bytes = dynamos_shadow_bytes(pipe);
	ssize_t ret = orig_pipe_write(iocb, from);

	if (ret > 0 && bytes)	/* several writers: add atomically */
		atomic64_add(ret, (atomic64_t *)bytes);
	return ret;
}

ssize_t pipe_write_counting(struct kiocb *iocb, struct iov_iter *from)
{
	return write_counted(iocb->ki_filp->private_data, iocb, from);
}

ssize_t pipe_write_bulk(struct kiocb *iocb, struct iov_iter *from)
{
	struct pipe_inode_info *pipe = iocb->ki_filp->private_data;

	mutex_lock(&pipe->mutex);
	/* pipe_resize_ring() refuses (-EBUSY, -ENOMEM) when it cannot: keep the ring then. */
	if (pipe->max_usage < BULK_SLOTS && !pipe_resize_ring(pipe, BULK_SLOTS))
		pipe->max_usage = BULK_SLOTS;
	mutex_unlock(&pipe->mutex);
	return write_counted(pipe, iocb, from);
}
