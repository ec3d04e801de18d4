/* BTF fixture: gcc -gbtf describes every type and function defined here. */
typedef unsigned int u32;
typedef long long loff_t;
struct path { void *mnt; void *dentry; };
struct user_namespace;
struct list_head { struct list_head *next, *prev; };

struct flags {
    unsigned int ready : 1;
    unsigned int mode : 3;
    long count;
    enum { FLAG_A = 1, FLAG_B = -2 } kind;
    char comm[16];
    int (*handler)(int, const char *);
    volatile int pending;
    union { u32 as_u32; unsigned char bytes[4]; };
    struct list_head list;
    const char *const names[2];
    char tail[];
};

int may_open(struct user_namespace *mnt_userns, const struct path *path, int acc_mode, int flag)
{
    return acc_mode + flag + (path != 0) + (mnt_userns != 0);
}

static int take_flags(struct flags *f, u32 n, loff_t *pos) { return f->mode + n + (int)*pos; }
int (*keep_take_flags)(struct flags *, u32, loff_t *) = take_flags;

int log_it(const char *fmt, ...) { return fmt != 0; }
void no_args(void) { }
int (*pick(int which))(int, const char *) { return which ? 0 : 0; }
