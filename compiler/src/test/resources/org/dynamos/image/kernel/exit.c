/* Fake vmlinux: a function that never returns, and one on the kprobe blacklist. */
#define NOKPROBE_SYMBOL(fname) \
    static unsigned long __attribute__((used, section("_kprobe_blacklist"))) _kbl_addr_##fname = (unsigned long)fname

extern int ext(int);

__attribute__((noreturn)) void do_exit(long code)
{
    for (;;)
        ext(code);
}

int notify_die(int val)
{
    return ext(val);
}
NOKPROBE_SYMBOL(notify_die);
