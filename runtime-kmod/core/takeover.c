// SPDX-License-Identifier: GPL-2.0
/*
 * takeover.c - cumulative updates: `replaces NAME;`
 *
 * Operators of long-running machines replace an update with the next
 * cumulative one instead of stacking them forever (livepatch's atomic
 * replace).  An update whose descriptor names @replaces takes over from
 * that update when it is enabled:
 *
 *  1. it is enabled as any update, at its own safe points: its layers go on
 *     top of every stack it shares with the old one, so from its switch on
 *     the functions both replace run the new versions, and those only the
 *     old one replaces still run the old ones;
 *  2. the old update is then reverted, at its own safe points, and drains
 *     as any revert does; its functions the new update does not replace
 *     return to the code below (the kernel's).  Its module becomes
 *     removable once its drain completes.
 *
 * Between 1 and 2 every call runs one of the two updates, never neither.
 * Shadow values go along: before its activate hook, each shadow field of
 * the new update that the old one declares too (same STRUCT.FIELD, same
 * type) shares the old field's values, and when the old update's revert
 * has drained its values become the new field's (shadow.c).  Code of
 * either update reads the same value of an object throughout.
 * The new update's layers may sit on the old one's (the usual stacking rule,
 * "disable the update on top first", does not apply to them): unlinked from
 * under them, the old layers stop receiving the calls the new versions pass
 * down, which then reach the kernel's code.  Either update may have phases:
 * the new one's phases switch on in order before the old one is reverted,
 * the old one's switch off last first, under the new one's layers.
 *
 * If the old update cannot be reverted (its safe point not reached), the new
 * one is reverted again and the enable fails with the old one's error:
 * the kernel is as before.  Reverting the new update later leaves the old
 * one disabled, so the kernel is then as before both.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/string.h>
#include "dynamos.h"
#include "phase.h"
#include "takeover.h"

/**
 * dynamos_takeover_from() - the update @u takes over from, if enabled
 * @u:	an update being enabled (not a phase)
 *
 * Context: dynamos_mutex held.
 * Return: the enabled update @u->desc->replaces names, or NULL (none named,
 * not registered, or not enabled: then there is nothing to take over).
 */
struct dynamos_rt_update *dynamos_takeover_from(struct dynamos_rt_update *u)
{
	struct dynamos_rt_update *old;
	const char *name = u->desc->replaces;

	lockdep_assert_held(&dynamos_mutex);
	if (!name || u->parent)
		return NULL;
	old = dynamos_find_update(name);
	if (!old || old == u || old->dying)
		return NULL;
	if (old->nr_phases ? !old->phase : old->state != DYNAMOS_ENABLED)
		return NULL;
	return old;
}

/**
 * dynamos_takeover() - step 2: revert the update @u replaces
 * @u:		the cumulative update, just enabled
 * @old:	the update it takes over from, enabled
 *
 * Context: dynamos_mutex held.
 * Return: 0, or the error reverting @old (then @u is reverted again).
 */
int dynamos_takeover(struct dynamos_rt_update *u, struct dynamos_rt_update *old)
{
	int ret, undo;

	/* The new update's layers may sit on the old one's: it replaces them. */
	ret = old->nr_phases ? dynamos_phases_disable_under(old, u) :
			       dynamos_disable_under(old, u);
	if (!ret) {
		pr_info("%s: took over from %s, which is reverted; module %s can be removed once it has drained\n",
			u->desc->name, old->desc->name, old->mod->name);
		return 0;
	}
	pr_err("%s: cannot take over from %s: reverting it failed (%d); reverting %s again\n",
	       u->desc->name, old->desc->name, ret, u->desc->name);
	undo = u->nr_phases ? dynamos_phases_disable(u) : dynamos_disable_locked(u);
	if (undo)
		pr_err("%s: reverting it failed too (%d): both %s and %s are enabled, %s on top\n",
		       u->desc->name, undo, old->desc->name, u->desc->name,
		       u->desc->name);
	return ret;
}
