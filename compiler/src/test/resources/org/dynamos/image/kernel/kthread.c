/* Fake vmlinux: what the other units call. */
void *kthread_create_on_node(int (*threadfn)(void *data), void *data, int node, const char *namefmt, ...)
{
    return threadfn(data) == node ? (void *)namefmt : 0;
}

int ext(int x) { return x + 1; }
void report(const char *what, int code) { (void)what; (void)code; }
