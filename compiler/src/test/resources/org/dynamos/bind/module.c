/* A module that refers to exported and non-exported symbols of the fake vmlinux, one relocation
 * kind each: PLT32 (call), PC32 (data load), 32S (address as immediate), 64 (pointer table), and
 * per-CPU variables absolutely (%gs:sym) and PC-relatively (%gs:sym(%rip), as this_cpu_read). */
extern int _printk(const char *fmt, ...);
extern void exported_fn(void);
extern void text_target(void);
extern int data_target;
extern const int rodata_target;
extern int bss_target;
extern int pcpu_target;
extern long pcpu_other;

void *table[] = { text_target, &data_target };

int use_calls(void)
{
	text_target();
	exported_fn();
	_printk("x");
	return data_target + rodata_target;
}

long use_address(void)
{
	return (long)&bss_target;
}

long use_percpu(void)
{
	long v, w;
	asm volatile("movq %%gs:%P1, %0" : "=r"(v) : "i"(&pcpu_other));
	asm volatile("movl %%gs:%1, %k0" : "=r"(w) : "m"(pcpu_target));
	return v + w;
}
