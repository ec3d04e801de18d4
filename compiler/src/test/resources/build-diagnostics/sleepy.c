#include <linux/delay.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>

static DEFINE_MUTEX(counters_lock);

int cmdline_proc_show_v2(struct seq_file *m, void *v)
{
	seq_puts(m, "v2\n");
	return 0;
}

int convert_counters(bool forward)
{
	mutex_lock(&counters_lock);
	msleep(1);
	mutex_unlock(&counters_lock);
	return 0;
}
