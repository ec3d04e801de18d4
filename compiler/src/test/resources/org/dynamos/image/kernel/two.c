/* Fake vmlinux: the second definition of dup_static. */
static int dup_static(void) { return 2; }
int (*two_refs[])(void) = { dup_static };
