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
 *   migrate	`migrate NAME with F;`: F(true) at the moment the update
 *		switches on, F(false) at the moment it switches off, inside
 *		stop_machine() (safepoint.c), so no call sees half-converted
 *		data.  A migration that fails cancels the switch: those run
 *		before it are run the other way, last first, and nothing
 *		switches.
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

/**
 * dynamos_transfer_migrate() - run an update's migrations
 * @u:		the update (or phase) switching
 * @forward:	true when it switches on, false when it switches off
 * @failed:	out: the index of the migration that failed
 *
 * On failure, the migrations run before the failing one are run the other
 * way, last first.
 * Context: inside stop_machine(), interrupts off, every other CPU spinning:
 * nothing here may sleep or log (dynamos_transfer_report() logs after).
 * Return: 0, or the failing migration's error.
 */
int dynamos_transfer_migrate(struct dynamos_rt_update *u, bool forward,
			     unsigned int *failed)
{
	const struct dynamos_migration *m = u->desc->migrations;
	unsigned int i, n = u->desc->nr_migrations;
	int ret;

	for (i = 0; i < n; i++) {
		ret = m[i].migrate(forward);
		if (!ret)
			continue;
		*failed = i;
		while (i-- > 0)
			m[i].migrate(!forward);
		return ret < 0 && ret >= -MAX_ERRNO ? ret : -EINVAL;
	}
	return 0;
}

/**
 * dynamos_transfer_report() - log what the migrations of a switch did
 * @u:		the update (or phase)
 * @forward:	the direction of the switch
 * @failed:	the failing migration, if @ret
 * @ret:	dynamos_transfer_migrate()'s result
 */
void dynamos_transfer_report(struct dynamos_rt_update *u, bool forward,
			     unsigned int failed, int ret)
{
	const struct dynamos_migration *m = u->desc->migrations;
	const char *dir = forward ? "enable" : "revert";

	if (!u->desc->nr_migrations)
		return;
	if (!ret) {
		pr_info("%s: %s: %u migration%s ran %s at the switch\n",
			u->desc->name, dir, u->desc->nr_migrations,
			u->desc->nr_migrations == 1 ? "" : "s",
			forward ? "forward" : "backward");
		return;
	}
	pr_err("%s: %s: migration %s (%ps) failed (%d): %u migration%s before it ran back, nothing switched\n",
	       u->desc->name, dir, m[failed].name, m[failed].migrate, ret,
	       failed, failed == 1 ? "" : "s");
}
