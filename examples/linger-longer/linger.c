// SPDX-License-Identifier: GPL-2.0
/*
 * Linger-Longer on CFS: guest tasks run on the cycles host tasks leave idle.
 *
 * update_curr() charges the running entity of a CFS run queue for the time it
 * ran since the last update: sum_exec_runtime grows by that time, vruntime by
 * that time scaled by the entity's weight. This version lets the kernel's own
 * update_curr() do all of that, then adds (penalty - 1) times the same time to
 * the vruntime of a guest task (real uid == guest_uid) when other entities are
 * waiting on the queue: as if its weight were 1/penalty of a nice-0 task.
 * CFS then preempts it at the next tick and runs it again only once every
 * waiting task has caught up, so next to a busy host task it gets about
 * 1/penalty of the CPU; alone, it runs at full speed (no one is waiting).
 *
 * Called with the run queue locked and interrupts off: no sleeping, no
 * allocation. The extra vruntime a guest task keeps after a revert is at most
 * one tick times penalty (0.4 s for 100 at HZ=250): it catches up within that.
 */
#include <linux/sched.h>
#include <linux/sched/cputime.h>
#include <linux/cred.h>
#include <linux/uidgid.h>
#include "kernel/sched/sched.h"

static bool linger_is_guest(struct sched_entity *se)
{
	if (!entity_is_task(se))
		return false;
	return from_kuid(&init_user_ns, task_uid(task_of(se))) == dynamos_knob_guest_uid();
}

void update_curr_linger(struct cfs_rq *cfs_rq)
{
	struct sched_entity *curr = cfs_rq->curr;
	u64 before, ran;
	u32 penalty = dynamos_knob_penalty();

	if (!curr) {
		orig_update_curr(cfs_rq);
		return;
	}
	before = curr->sum_exec_runtime;
	orig_update_curr(cfs_rq);
	ran = curr->sum_exec_runtime - before;
	if (ran && penalty > 1 && cfs_rq->nr_running > 1 && linger_is_guest(curr))
		curr->vruntime += ran * (penalty - 1);
}
