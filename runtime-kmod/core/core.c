// SPDX-License-Identifier: GPL-2.0
/*
 * core.c - DynAMOS runtime core: update registration and life cycle
 *
 * Update modules register a struct dynamos_update from their module_init.
 * Registration checks that each original function is where the update was
 * built to find it, and creates /sys/kernel/dynamos/<update>; nothing is
 * redirected until the administrator writes 1 to its `enabled` file:
 *
 *	DISABLED --enable--> ENABLED --disable--> DRAINING --drain--> DISABLED
 *	                        ^                     |
 *	                        +-------enable--------+
 *
 * An enabled or draining update holds a reference on its module, so the
 * module, whose code the redirected calls run, cannot be removed.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/ftrace.h>
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include "dynamos.h"
#include "descriptor.h"
#include "module.h"
#include "phase.h"
#include "restart.h"
#include "shadow.h"
#include "takeover.h"
#include "transfer.h"
/* Written by `dynamos build`; run-qemu.sh builds the core without it. */
#if __has_include("image.h")
#include "image.h"
#endif

/* Serialises registration, state changes and drain passes (dynamos.h). */
DEFINE_MUTEX(dynamos_mutex);

/* Registered updates, protected by dynamos_mutex. */
LIST_HEAD(dynamos_updates);

struct dynamos_rt_update *dynamos_find_update(const char *name)
{
	struct dynamos_rt_update *u;

	list_for_each_entry(u, &dynamos_updates, node)
		if (!strcmp(u->desc->name, name))
			return u;
	return NULL;
}

bool dynamos_valid_name(const char *name)
{
	return name && *name && !strchr(name, '/') &&
	       strcmp(name, ".") && strcmp(name, "..");
}

static int dynamos_match_addr(void *data, unsigned long addr)
{
	return addr == *(unsigned long *)data;
}

/*
 * Does @sym, as printed by sprint_symbol() for @addr, read
 * <name>+0x0/<size> with a size of at least @size, followed by " [@objname]"
 * for a symbol of a loadable module (@objname NULL: of the kernel image)?
 * The name of a kernel image symbol may also be that of another symbol at
 * @addr: kallsyms prints one of several aliases (__do_sys_getppid for
 * __x64_sys_getppid).
 */
bool dynamos_symbol_matches(const char *sym, const char *name,
			    const char *objname, unsigned long addr,
			    unsigned long size)
{
	const char *plus = strchr(sym, '+'), *rest;
	unsigned long off, found_size;
	int end = 0;

	if (!plus || sscanf(plus, "+%lx/%lx%n", &off, &found_size, &end) != 2)
		return false;
	rest = plus + end;
	if (objname) {
		/* " [module]" */
		if (rest[0] != ' ' || rest[1] != '[' ||
		    strncmp(rest + 2, objname, strlen(objname)) ||
		    strcmp(rest + 2 + strlen(objname), "]"))
			return false;
	} else if (*rest) {
		return false;
	}
	if (off || found_size < size)
		return false;
	if ((size_t)(plus - sym) == strlen(name) && !strncmp(sym, name, plus - sym))
		return true;
	return !objname &&
	       kallsyms_on_each_match_symbol(dynamos_match_addr, name, &addr);
}

/*
 * Check that @f's original is the function the update was built against,
 * in the running image, and that ftrace can redirect it.
 */
static int dynamos_check_func(struct dynamos_rt_update *u,
			      struct dynamos_rt_func *f)
{
	const struct dynamos_func *desc = f->desc;
	const char *update = u->desc->name;
	struct dynamos_rt_func *g;

	if (!dynamos_valid_name(desc->name)) {
		pr_err("%s: function %td has no valid name\n",
		       update, f - u->funcs);
		return -EINVAL;
	}

	if (desc->fentry_off >= desc->old_size) {
		pr_err("%s: %s: its ftrace call site (+%#lx) lies outside the function (%#lx bytes)\n",
		       update, desc->name, desc->fentry_off, desc->old_size);
		return -EINVAL;
	}

	for (g = u->funcs; g < f; g++) {
		if ((g->ip && g->ip == f->ip) ||
		    (!strcmp(g->desc->name, desc->name) &&
		     !dynamos_objname_cmp(g->desc->objname, desc->objname))) {
			pr_err("%s: %s is replaced twice\n", update, desc->name);
			return -EINVAL;
		}
	}

	/* A function of a module is checked when the module is there. */
	if (desc->objname)
		return 0;
	return dynamos_check_addr(f, desc->old_addr);
}

/* Compare two module names, NULL (the kernel image) included. */
int dynamos_objname_cmp(const char *a, const char *b)
{
	if (!a || !b)
		return !!a - !!b;
	return strcmp(a, b);
}

/**
 * dynamos_check_addr() - check an original found at @addr
 * @f:		the function
 * @addr:	its address in the running kernel: bound at build time for the
 *		kernel image, found by name for a loadable module (module.c)
 *
 * A cheap guard against an update built for another image or another build
 * of the module: @addr must start a symbol of that name (or an alias of
 * it), at least as large as the function was in the image or .ko, with an
 * ftrace call site at the offset it had there.  kallsyms records no sizes:
 * it reports the distance to the next symbol, which includes alignment
 * padding.  Sets @f->addr and @f->ip.
 * Return: 0, or -EINVAL (logged).
 */
int dynamos_check_addr(struct dynamos_rt_func *f, unsigned long addr)
{
	const struct dynamos_func *desc = f->desc;
	const char *update = f->update->desc->name;
	char found[KSYM_SYMBOL_LEN];
	unsigned long ip = addr + desc->fentry_off;

	sprint_symbol(found, addr);
	if (!dynamos_symbol_matches(found, desc->name, desc->objname, addr,
				    desc->old_size)) {
		pr_err("%s: %s mismatch: expected %s+0x0/%#lx%s%s%s, found %s\n",
		       update, desc->objname ? "module" : "image", desc->name,
		       desc->old_size, desc->objname ? " [" : "",
		       desc->objname ?: "", desc->objname ? "]" : "", found);
		return -EINVAL;
	}

	if (ftrace_location(ip) != ip) {
		pr_err("%s: %s has no ftrace call site at %pS: it cannot be redirected through ftrace\n",
		       update, desc->name, (void *)ip);
		return -EINVAL;
	}
	f->addr = addr;
	f->ip = ip;
	return 0;
}

/* Does a function of @u wait for its module to load? */
static bool dynamos_waiting(const struct dynamos_rt_update *u)
{
	const struct dynamos_rt_func *f;

	dynamos_for_each_func(u, f)
		if (!f->ip)
			return true;
	return false;
}

/**
 * dynamos_enable() - redirect an update's functions to their new versions
 * @u:	the update
 *
 * If another update already replaces one of the functions, this one is
 * stacked on it: its versions come first, and its "original" is the one
 * below (redirect.c).
 * Idempotent.  Enabling a draining update redirects again at once; the
 * module reference the drain holds is kept.
 * Context: process context; dynamos_mutex held.
 * Return: 0, -ENODEV if the update module is going away, -EBUSY if another
 * ftrace user (livepatch, a kprobe) owns a function, -ETIMEDOUT if its
 * safe point was not reached, or another ftrace error.
 */
int dynamos_enable_locked(struct dynamos_rt_update *u)
{
	const char *name = u->desc->name;
	struct dynamos_restart_req *restart;
	bool had_ref;
	u64 start;
	int ret = 0;

	lockdep_assert_held(&dynamos_mutex);

	if (u->dying) {
		ret = -ENODEV;
		goto out;
	}
	if (u->state == DYNAMOS_ENABLED)
		goto out;

	/* Pin the module whose code the redirected calls will run. */
	had_ref = u->state == DYNAMOS_DRAINING;
	if (!had_ref && !try_module_get(u->mod)) {
		pr_err("%s: cannot enable: module %s is being removed\n",
		       name, u->mod->name);
		ret = -ENODEV;
		goto out;
	}

	/* Restarted threads stop first: if one does not, nothing switches. */
	ret = dynamos_restart_stop(u, true, &restart);
	if (ret)
		goto err;
	/* Monitors next: a function they cannot probe fails the enable. */
	ret = dynamos_monitors_start(u);
	if (ret)
		goto err_restart;
	/*
	 * Shadow values may exist from here: hook the functions freeing them.
	 * A cumulative update's fields share those of the update it takes
	 * over from before its activate hook runs.
	 */
	ret = dynamos_shadows_start(u, dynamos_takeover_from(u));
	if (ret)
		goto err_monitors;
	/*
	 * Re-enabled while draining: the revert hook, which runs when the
	 * drain completes, has not run yet, so the state is still set up.
	 */
	ret = had_ref ? 0 : dynamos_transfer_activate(u);
	if (ret)
		goto err_shadows;
	start = ktime_get_ns();
	ret = dynamos_redirect_start(u);
	if (ret) {
		/* Never switched on: its state can go at once. */
		if (!had_ref)
			dynamos_transfer_revert(u);
		goto err_shadows;
	}
	u->enable_ns = ktime_get_ns() - start;

	if (had_ref)
		dynamos_drain_cancel(u);
	WRITE_ONCE(u->state, DYNAMOS_ENABLED);
	pr_info("%s: enabled: %u function%s redirected, live after %llu ns; %u monitored%s\n",
		name, u->nr_funcs, u->nr_funcs == 1 ? "" : "s", u->enable_ns,
		u->nr_monitors, dynamos_waiting(u) ?
		"; functions of modules not loaded wait for them" : "");
	/* The threads start again running their new entry. */
	dynamos_restart_start(restart, true);
	goto out;

err_shadows:
	/* Draining, the update's code may still run and use its values. */
	if (!had_ref)
		dynamos_shadows_stop(u);
err_monitors:
	dynamos_monitors_stop(u);
err_restart:
	dynamos_restart_start(restart, false);
err:
	/* A failed re-enable leaves the drain, and its reference, running. */
	if (!had_ref)
		module_put(u->mod);
out:
	return ret;
}

/**
 * dynamos_enable() - enable an update: its functions, or its phases in order
 * @u:	the update (written to its `enabled` file)
 *
 * A cumulative update then takes over from the update it replaces, if that
 * is enabled (takeover.c).
 * Context: process context; takes dynamos_mutex.
 * Return: see dynamos_enable_locked(), dynamos_phases_enable() and
 * dynamos_takeover().
 */
int dynamos_enable(struct dynamos_rt_update *u)
{
	struct dynamos_rt_update *old;
	int ret;

	mutex_lock(&dynamos_mutex);
	/* A cumulative update: the one it replaces, if that is enabled. */
	old = u->state == DYNAMOS_ENABLED ? NULL : dynamos_takeover_from(u);
	ret = u->nr_phases ? dynamos_phases_enable(u) : dynamos_enable_locked(u);
	if (!ret && old)
		ret = dynamos_takeover(u, old);
	mutex_unlock(&dynamos_mutex);
	return ret;
}

/**
 * dynamos_disable() - revert an update to the original functions
 * @u:	the update
 *
 * Calls made from now on run the originals.  The update module stays
 * pinned until no task executes its code any more (see drain.c);
 * /sys/kernel/dynamos/<update>/transition reads 1 meanwhile.
 * Refused while an update enabled after this one is stacked on one of its
 * functions: that one must be disabled first.
 * Idempotent.
 * Context: process context; dynamos_mutex held.
 * Return: 0, -EBUSY if another update is stacked on it, -ETIMEDOUT if its
 * safe point was not reached, or -ENODEV if the update module is going away.
 */
int dynamos_disable_locked(struct dynamos_rt_update *u)
{
	return dynamos_disable_under(u, NULL);
}

/*
 * dynamos_disable_locked(), with the layers of @above (a cumulative update
 * taking over from @u) allowed on top of @u's: unlinking @u's layers from
 * under them makes their calls fall through to what is below @u.
 */
int dynamos_disable_under(struct dynamos_rt_update *u,
			  const struct dynamos_rt_update *above)
{
	struct dynamos_restart_req *restart;
	int ret = 0;

	lockdep_assert_held(&dynamos_mutex);

	if (u->dying) {
		ret = -ENODEV;
		goto out;
	}
	if (u->state != DYNAMOS_ENABLED)
		goto out;
	ret = dynamos_redirect_check_stop(u, above);
	if (ret)
		goto out;
	/* As on enable: restarted threads stop before anything switches. */
	ret = dynamos_restart_stop(u, false, &restart);
	if (ret)
		goto out;
	ret = dynamos_redirect_switch_off(u);
	if (ret) {
		dynamos_restart_start(restart, false);
		goto out;
	}

	/* The drain waits for the handlers first: see redirect.c. */
	dynamos_redirect_stop(u);
	dynamos_monitors_stop(u);
	WRITE_ONCE(u->state, DYNAMOS_DRAINING);
	pr_info("%s: reverted; waiting until no task runs code of module %s\n",
		u->desc->name, u->mod->name);
	dynamos_restart_start(restart, true);
	dynamos_drain_start(u);
out:
	return ret;
}

/**
 * dynamos_disable() - disable an update: its functions, or its phases, last first
 * @u:	the update (written to its `enabled` file)
 *
 * Context: process context; takes dynamos_mutex.
 * Return: see dynamos_disable_locked() and dynamos_phases_disable().
 */
int dynamos_disable(struct dynamos_rt_update *u)
{
	int ret;

	mutex_lock(&dynamos_mutex);
	ret = u->nr_phases ? dynamos_phases_disable(u) : dynamos_disable_locked(u);
	mutex_unlock(&dynamos_mutex);
	return ret;
}

/*
 * The run-time state of a registered descriptor (an update, or a phase of
 * one), checked against the running kernel as far as that needs no lock.
 * Takes @copy, which is freed with the update (or here, on failure).
 */
struct dynamos_rt_update *dynamos_rt_create(struct dynamos_desc *copy,
					    const struct dynamos_update *key)
{
	const struct dynamos_update *d = &copy->update;
	struct dynamos_rt_update *u;
	struct dynamos_rt_func *f;
	unsigned int i;
	int ret;

	u = kzalloc(struct_size(u, funcs, d->nr_funcs), GFP_KERNEL);
	if (!u) {
		dynamos_desc_free(copy);
		return ERR_PTR(-ENOMEM);
	}
	u->copy = copy;
	u->desc = d;
	u->key = key;
	u->mod = d->mod;
	u->state = DYNAMOS_DISABLED;
	u->nr_funcs = d->nr_funcs;
	INIT_LIST_HEAD(&u->node);
	dynamos_drain_init(u);
	for (i = 0; i < u->nr_funcs; i++) {
		f = &u->funcs[i];
		f->desc = &d->funcs[i];
		f->update = u;
		/* A function of a module: found when the module is there. */
		if (!f->desc->objname) {
			f->addr = f->desc->old_addr;
			f->ip = f->addr + f->desc->fentry_off;
		}
	}
	if (d->nr_monitors) {
		u->monitors = kcalloc(d->nr_monitors, sizeof(*u->monitors),
				      GFP_KERNEL);
		if (!u->monitors) {
			dynamos_desc_free(copy);
			kfree(u);
			return ERR_PTR(-ENOMEM);
		}
		u->nr_monitors = d->nr_monitors;
		for (i = 0; i < u->nr_monitors; i++) {
			u->monitors[i].desc = &d->monitors[i];
			u->monitors[i].update = u;
		}
	}
	/* From here on, u is freed by dynamos_sysfs_put_update() only. */
	dynamos_sysfs_init_update(u);

	ret = dynamos_monitors_init(u);
	if (!ret)
		ret = dynamos_knobs_check(u);
	if (!ret)
		ret = dynamos_restart_init(u);
	if (!ret)
		ret = dynamos_shadows_init(u);
	if (!ret)
		ret = dynamos_safepoints_init(u);
	dynamos_for_each_func(u, f) {
		if (ret)
			break;
		ret = dynamos_versions_init(f);
	}
	if (ret) {
		dynamos_sysfs_put_update(u);
		return ERR_PTR(ret);
	}
	return u;
}

/* Frees a registration that failed: its phases, then the update. */
static void dynamos_rt_destroy(struct dynamos_rt_update *u)
{
	unsigned int i;

	for (i = u->nr_phases; i-- > 0; )
		if (u->phases[i])
			dynamos_sysfs_put_update(u->phases[i]);
	dynamos_sysfs_put_update(u);
}

/**
 * dynamos_register_update() - make an update known to the runtime
 * @update:	the update's descriptor, static data of the update module
 *
 * Checks every function against the running kernel and creates
 * /sys/kernel/dynamos/<update> (and phases/<phase>/ for each phase of a
 * multi-phase update).  Nothing is redirected yet.
 * Call from the update module's module_init.
 * Context: process context.
 * Return: 0; -EINVAL if the descriptor is malformed or does not match
 * the running kernel (the reason is logged); -EEXIST if an update of that
 * name is registered; -ENOMEM.
 */
int dynamos_register_update(struct dynamos_update *update)
{
	struct dynamos_rt_update *u, *p;
	const struct dynamos_update *d;
	struct dynamos_desc *copy;
	struct dynamos_rt_func *f;
	unsigned int i;
	int ret;

	/* Checks every pointer before following it; logs what is wrong. */
	copy = dynamos_desc_copy(update);
	if (IS_ERR(copy))
		return PTR_ERR(copy);
	d = &copy->update;

	u = dynamos_rt_create(copy, update);
	if (IS_ERR(u))
		return PTR_ERR(u);
	ret = dynamos_phases_create(u);
	if (ret) {
		dynamos_rt_destroy(u);
		return ret;
	}

	mutex_lock(&dynamos_mutex);

	if (dynamos_find_update(d->name)) {
		pr_err("%s: an update of that name is already registered\n",
		       d->name);
		ret = -EEXIST;
		goto err_unlock;
	}
	dynamos_for_each_func(u, f) {
		ret = dynamos_check_func(u, f);
		if (ret)
			goto err_unlock;
	}
	for (i = 0; i < u->nr_phases; i++) {
		p = u->phases[i];
		dynamos_for_each_func(p, f) {
			ret = dynamos_check_func(p, f);
			if (ret)
				goto err_unlock;
		}
	}
	/* Functions and symbols of the modules loaded now. */
	ret = dynamos_module_attach(u);
	if (ret)
		goto err_unlock;

	ret = dynamos_sysfs_add_update(u);
	for (i = 0; !ret && i < u->nr_phases; i++)
		ret = dynamos_sysfs_add_update(u->phases[i]);
	if (ret) {
		pr_err("%s: cannot create its sysfs directory (%d)\n",
		       d->name, ret);
		goto err_unlock;
	}
	list_add_tail(&u->node, &dynamos_updates);

	mutex_unlock(&dynamos_mutex);

	if (u->nr_phases)
		pr_info("%s: registered %u phases and %u monitor%s from module %s\n",
			d->name, u->nr_phases, u->nr_monitors,
			u->nr_monitors == 1 ? "" : "s", u->mod->name);
	else
		pr_info("%s: registered %u function%s and %u monitor%s from module %s\n",
			d->name, u->nr_funcs, u->nr_funcs == 1 ? "" : "s",
			u->nr_monitors, u->nr_monitors == 1 ? "" : "s",
			u->mod->name);
	return 0;

err_unlock:
	mutex_unlock(&dynamos_mutex);
	dynamos_rt_destroy(u);
	return ret;
}
EXPORT_SYMBOL_GPL(dynamos_register_update);

/*
 * Stop everything of @u (an update or a phase) before its module goes.
 * Context: dynamos_mutex held.
 */
static void dynamos_teardown(struct dynamos_rt_update *u)
{
	if (u->state != DYNAMOS_DISABLED) {
		/* rmmod -f: tasks in the new versions will crash. */
		pr_crit("%s: module %s removed while the update is %s\n",
			u->desc->name, u->mod->name,
			u->state == DYNAMOS_ENABLED ? "enabled" : "draining");
		if (u->state == DYNAMOS_ENABLED) {
			if (!u->nr_phases)
				dynamos_redirect_stop(u);
			dynamos_monitors_stop(u);
			dynamos_safepoint_counters_stop(u);
		}
		WRITE_ONCE(u->state, DYNAMOS_DISABLED);
	}
	/* A multi-phase update's values outlive it while a phase drains. */
	dynamos_shadows_stop(u);
	/*
	 * No handler may still read the layers freed with @u.  If a drain
	 * work has cleared @unsynced, it is inside that wait now, without
	 * the mutex: dynamos_drain_cancel_sync() (dynamos_release()) waits
	 * for it to end before @u is freed and before the module's text goes.
	 */
	dynamos_redirect_sync(u);

	/* Sysfs writers that got in before the removal find it dying. */
	u->dying = true;
}

/* After dynamos_teardown(), without dynamos_mutex: wait, then free. */
static void dynamos_release(struct dynamos_rt_update *u)
{
	/*
	 * A drain work that has just dropped the module reference may still
	 * be returning; it takes dynamos_mutex, so wait for it only now.
	 * Removing the sysfs files then waits for their readers and writers.
	 */
	dynamos_drain_cancel_sync(u);
	pr_info("%s: unregistered\n", u->desc->name);
	dynamos_sysfs_put_update(u);
}

/**
 * dynamos_unregister_update() - forget an update
 * @update:	the descriptor passed to dynamos_register_update()
 *
 * Removes /sys/kernel/dynamos/<update>.  Call from the update module's
 * module_exit.  The module can only be exiting while the core holds no
 * reference on it, so the update is disabled and drained -- unless the
 * module was force-removed.
 * Context: process context.
 */
void dynamos_unregister_update(struct dynamos_update *update)
{
	struct dynamos_rt_update *u;
	unsigned int i;

	mutex_lock(&dynamos_mutex);

	/* By the descriptor, not by its name, which the module could change. */
	list_for_each_entry(u, &dynamos_updates, node)
		if (u->key == update)
			break;
	if (list_entry_is_head(u, &dynamos_updates, node)) {
		/* Registration failed, or a module unregisters twice. */
		mutex_unlock(&dynamos_mutex);
		pr_err("unregistration of an update that is not registered (descriptor %ps)\n",
		       update);
		return;
	}

	/* Phases last first, as they are stacked. */
	for (i = u->nr_phases; i-- > 0; )
		dynamos_teardown(u->phases[i]);
	dynamos_teardown(u);
	list_del(&u->node);

	mutex_unlock(&dynamos_mutex);

	for (i = u->nr_phases; i-- > 0; )
		dynamos_release(u->phases[i]);
	dynamos_release(u);
}
EXPORT_SYMBOL_GPL(dynamos_unregister_update);

#ifdef DYNAMOS_CORE_BUILD_ID
extern unsigned char vmlinux_build_id[];	/* lib/buildid.c, bound like the rest */

/*
 * The core binds a dozen non-exported symbols to the image it was built
 * for: on another build of the same ABI those addresses are wrong.  The
 * build-id is read without trusting its bound address (which is wrong on
 * such a kernel too): a fault reads as a mismatch.
 */
static bool __init dynamos_built_for_this_kernel(void)
{
	static const unsigned char built_for[] = DYNAMOS_CORE_BUILD_ID;
	unsigned char running[sizeof(built_for)];

	if (copy_from_kernel_nofault(running, vmlinux_build_id, sizeof(running))) {
		pr_err("cannot read this kernel's build-id: not loading a runtime core built for build-id %*phN\n",
		       (int)sizeof(built_for), built_for);
		return false;
	}
	if (!memcmp(running, built_for, sizeof(built_for)))
		return true;
	pr_err("runtime core built for the kernel image with build-id %*phN, but this kernel is %*phN: not loading\n",
	       (int)sizeof(built_for), built_for, (int)sizeof(running), running);
	return false;
}
#else
static bool __init dynamos_built_for_this_kernel(void)
{
	return true;
}
#endif

static int __init dynamos_init(void)
{
	int ret;

	if (!dynamos_built_for_this_kernel())
		return -ENOEXEC;

	ret = dynamos_sysfs_init();
	if (ret) {
		pr_err("cannot create /sys/kernel/dynamos\n");
		return ret;
	}
	ret = dynamos_klp_init();
	if (ret) {
		pr_err("cannot register the module notifier (%d)\n", ret);
		dynamos_sysfs_exit();
		return ret;
	}
	ret = dynamos_module_init();
	if (ret) {
		pr_err("cannot register the module notifier (%d)\n", ret);
		dynamos_klp_exit();
		dynamos_sysfs_exit();
		return ret;
	}
	pr_info("runtime core loaded\n");
	return 0;
}

/*
 * Update modules use the core's exported symbols, so the module loader
 * removes the core only after every update module, and every update has
 * been unregistered by then.
 */
static void __exit dynamos_exit(void)
{
	WARN_ON(!list_empty(&dynamos_updates));
	dynamos_module_exit();
	dynamos_klp_exit();
	dynamos_sysfs_exit();
}

module_init(dynamos_init);
module_exit(dynamos_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("DynAMOS project");
MODULE_DESCRIPTION("DynAMOS runtime core: redirects kernel functions to updates");
