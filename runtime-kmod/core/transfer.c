// SPDX-License-Identifier: GPL-2.0
/*
 * transfer.c - state transfer: an update's activate and revert hooks
 *
 * `on activate call F;` and `on revert call F;` are functions of the
 * update module, called by the core in process context with dynamos_mutex
 * held (they may sleep and allocate, but must not enable or disable
 * updates: the write to `enabled` that runs them holds the mutex):
 *
 *   activate	on every enable, before the update's functions are linked
 *		and switched (after its monitors started): every call still
 *		runs what ran before.  A non-zero return aborts the enable
 *		with nothing switched, as livepatch's pre-patch callback
 *		does.  If the switch fails afterwards (a safe point not
 *		reached, a function owned by another ftrace user), the revert
 *		hook runs, so activate and revert always pair.
 *   revert	once per revert, when its drain completes: no task runs the
 *		update's code any more, so the hook may free what the
 *		versions used (as livepatch's post-unpatch callback).  It runs
 *		from the drain's work item, before the module reference is
 *		dropped.  Re-enabled while draining, the update keeps its
 *		state: the activate hook does not run again, the revert hook
 *		runs at the end of the next drain.
 *
 * A multi-phase update runs each phase's hooks as the phase switches and
 * drains, and its own hooks before the first phase switches on and right
 * after the last one is switched off (the phases may still be draining:
 * state the versions use belongs in the phases' hooks).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include "dynamos.h"
#include "transfer.h"

/**
 * dynamos_transfer_activate() - run an update's activate hook, if any
 * @u:	the update (or phase) being enabled
 *
 * Context: process context, dynamos_mutex held.
 * Return: 0, or the hook's error (a positive or bogus value is -EINVAL).
 */
int dynamos_transfer_activate(struct dynamos_rt_update *u)
{
	int ret;

	if (!u->desc->activate)
		return 0;
	ret = u->desc->activate();
	if (!ret) {
		pr_info("%s: activate hook %ps ran\n", u->desc->name,
			u->desc->activate);
		return 0;
	}
	pr_err("%s: activate hook %ps returned %d: not enabling, nothing switched\n",
	       u->desc->name, u->desc->activate, ret);
	return ret < 0 && ret >= -MAX_ERRNO ? ret : -EINVAL;
}

/**
 * dynamos_transfer_revert() - run an update's revert hook, if any
 * @u:	the update (or phase) whose drain completed, or whose enable failed
 *	after its activate hook ran
 *
 * Context: process context (the drain's work item, or a write to
 * `enabled`), dynamos_mutex held.
 */
void dynamos_transfer_revert(struct dynamos_rt_update *u)
{
	if (!u->desc->revert)
		return;
	u->desc->revert();
	pr_info("%s: revert hook %ps ran\n", u->desc->name, u->desc->revert);
}
