#include <linux/seq_file.h>

int cmdline_proc_show_v2(struct seq_file *m)
{
	seq_puts(m, "one argument short\n");
	return 0;
}
