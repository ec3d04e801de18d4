#include <linux/seq_file.h>

int cmdline_proc_show_v2(struct seq_file *m, void *v)
{
	seq_puts(m, "missing semicolon")
	return 0;
}
