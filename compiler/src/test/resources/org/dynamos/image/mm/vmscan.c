/* Fake vmlinux: a kernel-thread main loop, started as kswapd_run does it. */
extern void *kthread_create_on_node(int (*threadfn)(void *data), void *data, int node, const char *namefmt, ...);
extern int ext(int);

static int kswapd(void *p)
{
    for (;;) {
        if (ext(p != 0) < 0)
            break;
    }
    return 0;
}

int kswapd_run(int nid)
{
    /* a call before the thread is created: ext is called, not started as a thread */
    if (ext(nid) < 0)
        return 0;
    return kthread_create_on_node(kswapd, 0, nid, "kswapd%d", nid) != 0;
}
