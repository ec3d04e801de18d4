/* Clone-engine fixture, C part: the anchor, functions whose BTF prototypes decide tail calls,
 * and code shaped by gcc (fentry call, same-file call, loops). Built with -O2 -gbtf -pg -mfentry. */
#define __section(s) __attribute__((section(s), used))

int _printk(const char *fmt, ...) { (void)fmt; return 0; }

int data_word = 1;

int callee_regs(int a, long b, void *c) { return a + (int)b + (c != 0); }

long callee_stack(long a, long b, long c, long d, long e, long f, long g, long h)
{
    return a + b + c + d + e + f + g + h;
}

int callee_variadic(const char *fmt, ...) { (void)fmt; return 2; }

static __attribute__((noinline)) int same_file(int x) { return x * 3 + data_word; }

/* A call the assembler resolves (same section), a data reference the linker relocates. */
int calls_same_file(int x) { return same_file(x) + data_word; }

/* Branches inside the function. */
int loops(int n)
{
    int s = 0;
    for (int i = 0; i < n; i++) {
        s += i * data_word;
        if (s > 1000)
            break;
    }
    return s;
}

/* An indirect tail call (jmp *%rdi at -O2) from a function whose prototype passes no stack argument. */
int indirect_tail(int (*f)(int), int x) { return f(x + 1); }

__section(".init.text") int init_only(void) { return 5; }
