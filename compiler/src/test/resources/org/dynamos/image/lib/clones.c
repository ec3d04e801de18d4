/* Fake vmlinux: static functions gcc -O2 clones (.part, .isra, .constprop) or splits (.cold). */
struct big { int a, b, c, d; };
extern void report(const char *what, int code) __attribute__((cold));
extern int ext(int);

static __attribute__((noinline)) int scale(int x, int factor)
{
    return x * factor + (x >> factor) + ext(factor);
}

static __attribute__((noinline)) int use_b(struct big *p)
{
    return p->b * 7 + ext(p->b);
}

static int check(int *p)
{
    if (!p)
        return 0;
    for (int i = 0; i < 8; i++)
        report("check", p[i] + ext(i) * ext(p[i]));
    ext(1); ext(2); ext(3); ext(4); ext(5);
    return p[0];
}

int clone_user_a(int x, struct big *b, int *p) { return scale(x, 3) + use_b(b) + check(p); }
int clone_user_b(int x, struct big *b, int *p) { return scale(x + 1, 3) + use_b(b) + check(p + 1); }
int clone_user_c(int x, int f) { return scale(x, f); }

int with_cold(int x)
{
    if (__builtin_expect(x < 0, 0)) {
        report("negative", x);
        report("negative again", ext(x));
        return -1;
    }
    return x + 1;
}

static __attribute__((noinline)) int shift(int x, int by) { return (x << by) ^ ext(x); }
int shift_twice(int x) { return shift(x, 4) + shift(x + 1, 4); }
