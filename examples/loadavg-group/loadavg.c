// SPDX-License-Identifier: GPL-2.0
/*
 * Two new versions on one call chain. loadavg_show_v2 runs the kernel's own
 * loadavg_proc_show (orig_loadavg_proc_show), which calls get_avenrun as
 * always, through the redirection. Before that call it raises a flag of its
 * CPU (preemption is off from flag to answer, so the chain stays on it);
 * get_avenrun_v2 answers it. A second line says whether the chain ran both new
 * versions ("chain=new") or the new show with the old get_avenrun
 * ("chain=mixed").
 */
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/seq_file.h>

static DEFINE_PER_CPU(bool, asking);
static DEFINE_PER_CPU(bool, answered);

void get_avenrun_v2(unsigned long *loads, unsigned long offset, int shift)
{
	if (this_cpu_read(asking))
		this_cpu_write(answered, true);
	orig_get_avenrun(loads, offset, shift);
}

int loadavg_show_v2(struct seq_file *m, void *v)
{
	bool both_new;
	int ret;

	/* The kernel's loadavg_proc_show only formats into the seq buffer: it does not sleep. */
	preempt_disable();
	this_cpu_write(answered, false);
	this_cpu_write(asking, true);
	ret = orig_loadavg_proc_show(m, v);
	this_cpu_write(asking, false);
	both_new = this_cpu_read(answered);
	preempt_enable();

	seq_printf(m, "chain=%s\n", both_new ? "new" : "mixed");
	return ret;
}
