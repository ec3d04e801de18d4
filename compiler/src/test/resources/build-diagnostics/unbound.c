#include <linux/seq_file.h>

extern int no_such_kernel_symbol_xyz;
extern void xen_mc_batch(void);

int cmdline_proc_show_v2(struct seq_file *m, void *v)
{
	xen_mc_batch();
	seq_printf(m, "%d\n", no_such_kernel_symbol_xyz);
	return 0;
}
