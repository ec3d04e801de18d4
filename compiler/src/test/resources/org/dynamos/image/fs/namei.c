/* Fake vmlinux: fs/namei.c, one of two namei.c units; its BTF is the image's BTF. */
#include "../include/jhash.h"

struct path { void *mnt; void *dentry; };
struct user_namespace;
extern int ext(int);

__attribute__((noinline)) static int may_open(struct user_namespace *mnt_userns, const struct path *path,
                                              int acc_mode, int flag)
{
    return ext(acc_mode + flag) + (path->dentry != 0) + (mnt_userns != 0);
}

static int lookup_fast(int x)
{
    return ext(x * 3) + ext(x);
}

int vfs_open(struct user_namespace *ns, const struct path *path, int mode, int flag)
{
    return may_open(ns, path, mode, flag) + lookup_fast(flag);
}

int (*namei_lookup)(int) = lookup_fast;
unsigned int (*namei_hash)(const void *, unsigned int, unsigned int) = jhash;

unsigned int name_hash(const char *name)
{
    return jhash(name, 4, 0);
}
