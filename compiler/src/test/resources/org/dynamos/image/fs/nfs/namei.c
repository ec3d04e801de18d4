/* Fake vmlinux: fs/nfs/namei.c, the second namei.c with its own static may_open. */
#include "../../include/jhash.h"

struct path;
extern int ext(int);

__attribute__((noinline)) static int may_open(const struct path *path, int mask)
{
    return ext(mask) + (path != 0);
}

int nfs_permission(const struct path *path, int mask)
{
    return may_open(path, mask);
}

unsigned int (*nfs_hash)(const void *, unsigned int, unsigned int) = jhash;

unsigned int nfs_name_hash(const char *name)
{
    return jhash(name, 8, 1);
}
