/* A module that never calls _printk, with a __versions table as modpost writes it. */
struct modversion_info { unsigned long crc; char name[56]; };
static const struct modversion_info versions[]
	__attribute__((section("__versions"), used, aligned(32))) = {
	{ 0xbdfb6dbb, "__fentry__" },
};
extern void text_target(void);
extern int pcpu_target;

void call_it(void)
{
	text_target();
}

int read_percpu(void)
{
	int v;
	asm volatile("movl %%gs:%P1, %0" : "=r"(v) : "i"(&pcpu_target));
	return v;
}
