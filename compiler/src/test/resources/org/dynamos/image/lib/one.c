/* Fake vmlinux: lib/one.c, a static that kernel/two.c also defines, and a static sharing a global's name. */
static int dup_static(void) { return 1; }
static int global_and_static(void) { return 2; }
int (*one_refs[])(void) = { dup_static, global_and_static };
