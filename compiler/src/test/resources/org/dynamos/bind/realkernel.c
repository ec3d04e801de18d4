/* Refers to non-exported symbols of the real 6.1 kernel the way module code compiled against its
 * headers does: data, a global function, a static function and a per-CPU variable. */
extern int _printk(const char *fmt, ...);
extern char *saved_command_line;
extern int task_call_func(void *p, int (*func)(void *, void *), void *arg);
extern int cmdline_proc_show(void *m, void *v);
extern unsigned long process_counts;

static int probe(void *t, void *arg) { return 0; }

long use_kernel(void *task)
{
	unsigned long here;
	asm volatile("movq %%gs:%1, %0" : "=r"(here) : "m"(process_counts));
	_printk("%s\n", saved_command_line);
	return task_call_func(task, probe, 0) + (long)cmdline_proc_show + here;
}
