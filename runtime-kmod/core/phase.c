// SPDX-License-Identifier: GPL-2.0
/*
 * phase.c - multi-phase updates
 *
 * A multi-phase update (`phase NAME { ... }` in the script) is a sequence
 * of steps, each switched at its own safe point: for instance an
 * intermediate version whose in-flight calls must drain before a very
 * different final one may take over.  Each phase is registered as a
 * run-time update of its own (struct dynamos_rt_update with @parent set,
 * named <update>.<phase>, under /sys/kernel/dynamos/<update>/phases/), so
 * it has its own layers, safe points, drain and module reference, and a
 * function replaced again by a later phase simply stacks on the earlier
 * phase's layer, whose versions are then the later phase's "original".
 *
 * Enabling the update switches the phases on in order, each once its safe
 * point is reached.  If one is not reached, the sequence stops and the
 * phases already switched on are switched off again, last first, each at
 * its own safe point; the write to `enabled` fails with the phase's error.
 * Disabling switches them off last first.  Should a phase not switch off
 * (its safe point not reached), the update stays with the phases below it
 * on: `enabled` reads 1 while any phase is on, `phase` tells how many, and
 * writing 0 again resumes from there.
 *
 * Shadow fields belong to the update, not to a phase: every phase's code
 * reaches the same values.  They start before the update's activate hook,
 * with the first phase, and stop once no phase is on and the last phase
 * switched off has drained (no task runs code of any phase): at once if no
 * phase drains, else at the end of the last drain (dynamos_phase_drained()).
 * A multi-phase update may also take over from another (`replaces`): its
 * phases' layers then sit on the other update's while it is reverted.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include "dynamos.h"
#include "descriptor.h"
#include "phase.h"
#include "shadow.h"
#include "takeover.h"
#include "transfer.h"

/**
 * dynamos_phases_create() - create the run-time phases of an update
 * @u:	a new update whose descriptor copy has phases
 *
 * The copy of each phase's descriptor passes to its run-time update.
 * Context: registration, before the update is visible.
 * Return: 0, or the error of the failing phase (logged).
 */
int dynamos_phases_create(struct dynamos_rt_update *u)
{
	struct dynamos_desc *dd = u->copy;
	struct dynamos_rt_update *p;
	unsigned int i;

	if (!dd->nr_phases)
		return 0;
	u->phases = kcalloc(dd->nr_phases, sizeof(*u->phases), GFP_KERNEL);
	if (!u->phases)
		return -ENOMEM;
	u->nr_phases = dd->nr_phases;

	for (i = 0; i < dd->nr_phases; i++) {
		/* The phase's update owns its copy from here, failing or not. */
		p = dynamos_rt_create(dd->phases[i], NULL);
		dd->phases[i] = NULL;
		if (IS_ERR(p))
			return PTR_ERR(p);
		p->parent = u;
		u->phases[i] = p;
	}
	return 0;
}

static const char *dynamos_phase_name(struct dynamos_rt_update *p)
{
	return p->copy->phase_name;
}

static bool dynamos_phases_draining(struct dynamos_rt_update *u,
				    struct dynamos_rt_update *except);

/*
 * Switch phases off, last first, down to none, then run the update's own
 * revert hook if it is on, or @activated (its activate hook ran for an
 * enable that is being rolled back).  @above: a cumulative update taking
 * over from @u, whose layers may sit on the phases' (or NULL).
 * dynamos_mutex held.
 */
static int dynamos_phases_off(struct dynamos_rt_update *u, bool activated,
			      const struct dynamos_rt_update *above)
{
	struct dynamos_rt_update *p;
	int ret;

	while (u->phase) {
		p = u->phases[u->phase - 1];
		ret = dynamos_disable_under(p, above);
		if (ret) {
			pr_err("%s: phase %s did not switch off (%d): %u of %u phases stay on; write 0 to enabled again once its safe point can be reached\n",
			       u->desc->name, dynamos_phase_name(p), ret,
			       u->phase, u->nr_phases);
			return ret;
		}
		WRITE_ONCE(u->phase, u->phase - 1);
		pr_info("%s: phase %s switched off\n", u->desc->name,
			dynamos_phase_name(p));
	}
	if (u->state != DYNAMOS_DISABLED || activated)
		dynamos_transfer_revert(u);
	dynamos_monitors_stop(u);
	WRITE_ONCE(u->state, DYNAMOS_DISABLED);
	/* Shadow values go once no phase's code can run any more. */
	if (!dynamos_phases_draining(u, NULL))
		dynamos_shadows_stop(u);
	return 0;
}

/* Is a phase of @u other than @except draining?  dynamos_mutex held. */
static bool dynamos_phases_draining(struct dynamos_rt_update *u,
				    struct dynamos_rt_update *except)
{
	unsigned int i;

	for (i = 0; i < u->nr_phases; i++)
		if (u->phases[i] != except &&
		    u->phases[i]->state == DYNAMOS_DRAINING)
			return true;
	return false;
}

/**
 * dynamos_phase_drained() - a phase's drain has completed
 * @p:	the phase (still DYNAMOS_DRAINING)
 *
 * Stops the update's shadow fields if no phase is on and no other phase is
 * draining: no task runs code of the update any more.
 * Context: the drain work, dynamos_mutex held.
 */
void dynamos_phase_drained(struct dynamos_rt_update *p)
{
	struct dynamos_rt_update *u = p->parent;

	lockdep_assert_held(&dynamos_mutex);
	if (!u->phase && !dynamos_phases_draining(u, p))
		dynamos_shadows_stop(u);
}

/**
 * dynamos_phases_enable() - switch an update's phases on, in order
 * @u:	a multi-phase update
 *
 * Context: process context; dynamos_mutex held; sleeps while a phase
 * waits for its safe point.
 * Return: 0; or the error of the phase that did not switch on, after the
 * phases before it were switched off again (as far as their safe points
 * allow: see above).
 */
int dynamos_phases_enable(struct dynamos_rt_update *u)
{
	struct dynamos_rt_update *p;
	int ret;

	if (u->dying)
		return -ENODEV;
	if (u->phase == u->nr_phases)
		return 0;
	if (!u->phase) {
		ret = dynamos_monitors_start(u);
		if (ret)
			return ret;
		/* As for a single-phase update (core.c): before the hook. */
		ret = dynamos_shadows_start(u, dynamos_takeover_from(u));
		if (ret) {
			dynamos_monitors_stop(u);
			return ret;
		}
		ret = dynamos_transfer_activate(u);
		if (ret) {
			if (!dynamos_phases_draining(u, NULL))
				dynamos_shadows_stop(u);
			dynamos_monitors_stop(u);
			return ret;
		}
	}
	while (u->phase < u->nr_phases) {
		p = u->phases[u->phase];
		ret = dynamos_enable_locked(p);
		if (ret)
			goto rollback;
		WRITE_ONCE(u->phase, u->phase + 1);
		WRITE_ONCE(u->state, DYNAMOS_ENABLED);
		pr_info("%s: phase %s switched on (%u of %u)\n", u->desc->name,
			dynamos_phase_name(p), u->phase, u->nr_phases);
	}
	pr_info("%s: enabled: all %u phases on\n", u->desc->name, u->nr_phases);
	return 0;

rollback:
	if (u->phase)
		pr_err("%s: phase %s did not switch on (%d): switching the %u phase%s before it off again, last first\n",
		       u->desc->name, dynamos_phase_name(p), ret, u->phase,
		       u->phase == 1 ? "" : "s");
	else
		pr_err("%s: phase %s did not switch on (%d): no phase is on\n",
		       u->desc->name, dynamos_phase_name(p), ret);
	dynamos_phases_off(u, true, NULL);
	return ret;
}

/**
 * dynamos_phases_disable() - switch an update's phases off, last first
 * @u:	a multi-phase update
 *
 * Context: process context; dynamos_mutex held.
 * Return: 0, or the error of the phase that did not switch off.
 */
int dynamos_phases_disable(struct dynamos_rt_update *u)
{
	return dynamos_phases_disable_under(u, NULL);
}

/**
 * dynamos_phases_disable_under() - dynamos_phases_disable(), taken over
 * @u:		a multi-phase update
 * @above:	the cumulative update taking over from @u (takeover.c), whose
 *		layers may sit on the phases' layers, or NULL
 *
 * Context: process context; dynamos_mutex held.
 * Return: 0, or the error of the phase that did not switch off.
 */
int dynamos_phases_disable_under(struct dynamos_rt_update *u,
				 const struct dynamos_rt_update *above)
{
	if (u->dying)
		return -ENODEV;
	return dynamos_phases_off(u, false, above);
}

/**
 * dynamos_phases_in_transition() - is a phase waiting or draining?
 * @u:	a multi-phase update
 */
bool dynamos_phases_in_transition(struct dynamos_rt_update *u)
{
	struct dynamos_rt_update *p;
	unsigned int i;

	for (i = 0; i < u->nr_phases; i++) {
		p = u->phases[i];
		if (READ_ONCE(p->state) == DYNAMOS_DRAINING ||
		    (p->sp && READ_ONCE(p->sp->waiting)))
			return true;
	}
	return false;
}

/**
 * dynamos_phase_show() - /sys/kernel/dynamos/<update>/phase
 * @u:		a multi-phase update
 * @buf:	sysfs buffer
 *
 * "<phases on> of <phases>", then the name of the last phase on.
 * Return: bytes written.
 */
ssize_t dynamos_phase_show(struct dynamos_rt_update *u, char *buf)
{
	unsigned int on = READ_ONCE(u->phase);

	return sysfs_emit(buf, "%u of %u%s%s\n", on, u->nr_phases,
			  on ? ": " : "",
			  on ? dynamos_phase_name(u->phases[on - 1]) : "");
}
