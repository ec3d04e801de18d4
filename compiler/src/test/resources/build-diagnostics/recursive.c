#include <linux/seq_file.h>

int cmdline_proc_show(struct seq_file *m, void *v);

int cmdline_proc_show_v2(struct seq_file *m, void *v)
{
	seq_puts(m, "wrapped\n");
	return cmdline_proc_show(m, v);
}
