/* Fake vmlinux, first compile unit: one symbol of each kind the image model and binder classify. */
#define __section(s) __attribute__((section(s), used))
#define notrace __attribute__((no_instrument_function))

asm(".globl __fentry__\n.type __fentry__,@function\n__fentry__: ret\n.size __fentry__,1\n");

int _printk(const char *fmt, ...) { (void)fmt; return 0; }
void text_target(void) { }
notrace void notrace_fn(void) { }
void alias_a(void) { }
extern void alias_b(void) __attribute__((alias("alias_a")));
int global_and_static(void) { return 1; }

int data_target = 42;
const int rodata_target = 7;
int bss_target;
const char linux_banner[] = "Linux version 6.1.0-fixture-amd64 (builder@example) (gcc) #1 SMP\n";

__section(".data..percpu") long pcpu_first[4] = { 1 };
__section(".data..percpu") int pcpu_target = 3;
__section(".data..percpu") long pcpu_other = 4;

__section(".init.text") void init_only(void) { }
__section(".exit.text") void exit_only(void) { }
