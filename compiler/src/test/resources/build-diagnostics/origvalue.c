#include <linux/seq_file.h>

int (*volatile show)(struct seq_file *, void *) = orig_cmdline_proc_show;

int cmdline_proc_show_v2(struct seq_file *m, void *v)
{
	return show(m, v);
}
