/* Fake vmlinux: fs/open.c, a static function gcc inlined into every caller (no symbol of its own). */
extern int ext(int);

static inline __attribute__((always_inline)) int may_create_in_sticky(int dir_mode, int uid)
{
    return ext(dir_mode & 01000) + uid;
}

int do_filp_open(int x)
{
    return may_create_in_sticky(x, 1) + 1;
}

int do_sys_openat2(int x)
{
    return may_create_in_sticky(x, 2) * 3;
}
