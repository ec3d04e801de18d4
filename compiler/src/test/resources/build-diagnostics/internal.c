#include <linux/sched/cputime.h>
#include <net/sock.h>
#include "kernel/sched/sched.h"

void update_curr_v2(struct cfs_rq *cfs_rq)
{
	orig_update_curr(cfs_rq);
}
