// SPDX-License-Identifier: GPL-2.0
/*
 * Phase "measure": pipe_read() (fs/pipe.c) counts the bytes it delivers,
 * then the kernel's own code does the read.  Phase "report":
 * cmdline_proc_show() (fs/proc/cmdline.c) prints the count before the
 * command line.  The report reads a counter only the first phase feeds,
 * which is why it comes second.
 */
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/uio.h>

static atomic_long_t pipe_bytes = ATOMIC_LONG_INIT(0);

ssize_t pipe_read_measured(struct kiocb *iocb, struct iov_iter *to)
{
	ssize_t ret = orig_pipe_read(iocb, to);

	if (ret > 0)
		atomic_long_add(ret, &pipe_bytes);
	return ret;
}

int cmdline_show_pipe_bytes(struct seq_file *m, void *v)
{
	seq_printf(m, "[dynamos two_phase_pipes: %ld bytes read through pipes since phase measure]\n",
		   atomic_long_read(&pipe_bytes));
	return orig_cmdline_proc_show(m, v);
}
