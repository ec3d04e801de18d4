// SPDX-License-Identifier: GPL-2.0
/*
 * klp.c - name the DynAMOS updates a livepatch could not be applied over
 *
 * ftrace lets one IPMODIFY ftrace_ops own a function's call site, and both
 * livepatch and the core (redirect.c) redirect through one.  Whichever
 * comes second is refused with -EBUSY.  When a DynAMOS update comes second,
 * redirect.c names the livepatch.  When the livepatch comes second, its
 * module's init fails in klp_enable_patch(); livepatch logs
 *
 *	livepatch: failed to register ftrace handler for function 'F' (-16)
 *	livepatch: failed to patch object 'vmlinux'
 *	livepatch: failed to enable patch 'M'
 *
 * which names the function but not what holds it.  This module notifier
 * adds that: when a livepatch module goes away without ever having been
 * live (its init failed, or the loader gave up after the COMING
 * notification), it logs every function DynAMOS redirects at that moment,
 * with the updates that redirect it (redirect.c, dynamos_redirect_report()).
 *
 * The functions the livepatch tried to patch are not known here: its
 * klp_patch is described by the module's own data and freed by livepatch
 * before the notification, so the lines list all redirected functions, and
 * a livepatch that failed for another reason gets them too (they say
 * "if").  Nothing is logged while DynAMOS redirects nothing.  Livepatches
 * of a module (klp_object.name set) are applied when that module loads;
 * their failure refuses the other module, which this notifier does not
 * report.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include "dynamos.h"

/**
 * struct dynamos_klp_coming - a livepatch module being loaded
 * @node:	entry in dynamos_klp_coming
 * @mod:	the module, between its COMING and its LIVE or GOING
 *		notification (the loader sends one of them for every
 *		COMING, so no entry outlives its module)
 */
struct dynamos_klp_coming {
	struct list_head node;
	struct module *mod;
};

static LIST_HEAD(dynamos_klp_coming);
static DEFINE_MUTEX(dynamos_klp_lock);

/* Forget @mod; true if it was being loaded. */
static bool dynamos_klp_forget(struct module *mod)
{
	struct dynamos_klp_coming *c;
	bool found = false;

	mutex_lock(&dynamos_klp_lock);
	list_for_each_entry(c, &dynamos_klp_coming, node) {
		if (c->mod == mod) {
			list_del(&c->node);
			kfree(c);
			found = true;
			break;
		}
	}
	mutex_unlock(&dynamos_klp_lock);
	return found;
}

static int dynamos_klp_notify(struct notifier_block *nb, unsigned long action,
			      void *data)
{
	struct module *mod = data;
	struct dynamos_klp_coming *c;

	if (!is_livepatch_module(mod))
		return NOTIFY_DONE;

	switch (action) {
	case MODULE_STATE_COMING:
		/* Without memory, a failure of this one goes unexplained. */
		c = kmalloc(sizeof(*c), GFP_KERNEL);
		if (!c)
			break;
		c->mod = mod;
		mutex_lock(&dynamos_klp_lock);
		list_add(&c->node, &dynamos_klp_coming);
		mutex_unlock(&dynamos_klp_lock);
		break;
	case MODULE_STATE_LIVE:
		dynamos_klp_forget(mod);
		break;
	case MODULE_STATE_GOING:
		/* Only a livepatch that never came live failed to load. */
		if (dynamos_klp_forget(mod))
			dynamos_redirect_report(mod->name);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block dynamos_klp_nb = {
	.notifier_call = dynamos_klp_notify,
};

/**
 * dynamos_klp_init() - watch livepatch modules that fail to load
 *
 * Context: process context, from the core's module_init.
 * Return: 0, or the error of register_module_notifier().
 */
int dynamos_klp_init(void)
{
	return register_module_notifier(&dynamos_klp_nb);
}

/**
 * dynamos_klp_exit() - stop watching livepatch modules
 *
 * Context: process context, from the core's module_exit.
 */
void dynamos_klp_exit(void)
{
	struct dynamos_klp_coming *c, *tmp;

	unregister_module_notifier(&dynamos_klp_nb);
	/* Livepatch modules still loading when the core goes. */
	list_for_each_entry_safe(c, tmp, &dynamos_klp_coming, node) {
		list_del(&c->node);
		kfree(c);
	}
}
