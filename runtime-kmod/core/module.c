// SPDX-License-Identifier: GPL-2.0
/*
 * module.c - functions and symbols of loadable modules
 *
 * A function an update replaces may belong to a loadable module (struct
 * dynamos_func with @objname): it exists only while that module is loaded,
 * at another address each time.  The core finds it by name among the
 * module's symbols and checks it as it checks a function of the kernel
 * image (name, size, ftrace call site: dynamos_check_addr()):
 *
 *   - at registration, if the module is loaded then: a mismatch refuses
 *     the update, as for the kernel image;
 *   - from a module notifier, each time the module loads, at
 *     MODULE_STATE_COMING: ftrace has taken the module's call sites in and
 *     none of its code has run yet (its init function runs after the
 *     notifiers).  The layers of every update switched on are linked there
 *     at once, in the order the updates were switched on, so that no call
 *     of the module ever runs a function an enabled update replaces.  If
 *     that fails for an enabled update (another build of the module,
 *     another ftrace owner), the module's load fails and says why, as
 *     livepatch's klp_module_coming() does: a module running a function the
 *     administrator has replaced is worse than a module refused.  A mismatch
 *     with an update that is not enabled only means it cannot be enabled
 *     while that module is loaded (dynamos_module_check()).
 *   - at MODULE_STATE_GOING, after the module's exit function (or its
 *     failed init) and before ftrace forgets its call sites, every layer on
 *     its functions is unlinked; the updates stay enabled and apply again
 *     when the module loads again.
 *
 * Nothing has to wait at those two points: a function of a module that is
 * still coming has never run, and no task runs one of a module that is
 * going (the module loader waits for its reference count to drop to zero
 * before its exit function runs).  The update's safe points concern the
 * functions present when it switches; those of absent modules are out of
 * their scope.
 *
 * The addresses in a module that an update's code uses (struct
 * dynamos_modsym: `bind` to a module's symbol, orig_F of a module
 * function) are written into the update module's variables at the same
 * points, before any layer on the module's functions is linked, and set
 * back to 0 after they are unlinked.
 *
 * Locking: dynamos_mutex, then module_mutex (held only to find a module and
 * read its state; the module notifiers run without it).  A module found
 * under module_mutex cannot be freed while dynamos_mutex is held: its
 * MODULE_STATE_GOING notifier, which runs before it is freed, waits for
 * dynamos_mutex.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/string.h>
#include "dynamos.h"
#include "module.h"

/* @mod's symbol @name, defined in it, or 0. */
static unsigned long dynamos_module_lookup(struct module *mod,
					   const char *name)
{
	unsigned long addr;

	/* mod->kallsyms is RCU-sched protected (swapped after init). */
	preempt_disable();
	addr = find_kallsyms_symbol_value(mod, name);
	preempt_enable();
	return addr;
}

/*
 * The module @name if it is loaded (coming or live), else NULL.  It cannot be
 * freed while the caller holds dynamos_mutex: its MODULE_STATE_GOING
 * notifier, which runs first, waits for it.
 */
static struct module *dynamos_module_loaded(const char *name)
{
	struct module *mod;

	lockdep_assert_held(&dynamos_mutex);
	mutex_lock(&module_mutex);
	mod = find_module(name);
	if (mod && mod->state == MODULE_STATE_GOING)
		mod = NULL;
	mutex_unlock(&module_mutex);
	return mod;
}

/* Does @f replace a function of @mod? */
static bool dynamos_func_in(const struct dynamos_rt_func *f,
			    const struct module *mod)
{
	return f->desc->objname && !strcmp(f->desc->objname, mod->name);
}

/* Find every function of @mod that @u replaces and check it. */
static int dynamos_module_find_funcs(struct dynamos_rt_update *u,
				     struct module *mod)
{
	struct dynamos_rt_func *f;
	unsigned long addr;
	int ret;

	dynamos_for_each_func(u, f) {
		if (!dynamos_func_in(f, mod) || f->addr)
			continue;
		addr = dynamos_module_lookup(mod, f->desc->name);
		if (!addr || !within_module_core(addr, mod)) {
			pr_err("%s: module %s has no function %s: the update was built for another build of it\n",
			       u->desc->name, mod->name, f->desc->name);
			return -ENOENT;
		}
		ret = dynamos_check_addr(f, addr);
		if (ret)
			return ret;
	}
	return 0;
}

/* @mod is gone: its functions have no address any more. */
static void dynamos_module_forget_funcs(struct dynamos_rt_update *u,
					const struct module *mod)
{
	struct dynamos_rt_func *f;

	dynamos_for_each_func(u, f) {
		if (dynamos_func_in(f, mod)) {
			f->addr = 0;
			f->ip = 0;
		}
	}
}

/* Write the addresses of @mod's symbols that @u's code uses. */
static int dynamos_modsyms_set(struct dynamos_rt_update *u, struct module *mod)
{
	const struct dynamos_update *d = u->desc;
	const struct dynamos_modsym *m;
	unsigned long addr;

	for (m = d->modsyms; m && m < d->modsyms + d->nr_modsyms; m++) {
		if (strcmp(m->objname, mod->name))
			continue;
		addr = dynamos_module_lookup(mod, m->name);
		if (!addr) {
			pr_err("%s: module %s has no symbol %s: the update was built for another build of it\n",
			       d->name, mod->name, m->name);
			return -ENOENT;
		}
		WRITE_ONCE(*m->addr, addr + m->offset);
	}
	return 0;
}

static void dynamos_modsyms_clear(struct dynamos_rt_update *u,
				  const struct module *mod)
{
	const struct dynamos_update *d = u->desc;
	const struct dynamos_modsym *m;

	for (m = d->modsyms; m && m < d->modsyms + d->nr_modsyms; m++)
		if (!strcmp(m->objname, mod->name))
			WRITE_ONCE(*m->addr, 0);
}

/* Does @u (or one of its phases) use @mod? */
static bool dynamos_update_uses(struct dynamos_rt_update *u,
				const struct module *mod)
{
	const struct dynamos_modsym *m;
	struct dynamos_rt_func *f;
	unsigned int i;

	for (m = u->desc->modsyms; m && m < u->desc->modsyms + u->desc->nr_modsyms; m++)
		if (!strcmp(m->objname, mod->name))
			return true;
	dynamos_for_each_func(u, f)
		if (dynamos_func_in(f, mod))
			return true;
	for (i = 0; i < u->nr_phases; i++)
		if (dynamos_update_uses(u->phases[i], mod))
			return true;
	return false;
}

/*
 * @mod has come: set @u's addresses in it and find its functions there,
 * @u's phases' too.  On failure the addresses found are forgotten again.
 */
static int dynamos_module_attach_one(struct dynamos_rt_update *u,
				     struct module *mod)
{
	unsigned int i;
	int ret;

	ret = dynamos_modsyms_set(u, mod);
	if (!ret)
		ret = dynamos_module_find_funcs(u, mod);
	for (i = 0; !ret && i < u->nr_phases; i++)
		ret = dynamos_module_find_funcs(u->phases[i], mod);
	if (ret) {
		dynamos_module_forget_funcs(u, mod);
		for (i = 0; i < u->nr_phases; i++)
			dynamos_module_forget_funcs(u->phases[i], mod);
		dynamos_modsyms_clear(u, mod);
	}
	return ret;
}

/*
 * Add @name to @names[0..@n) unless it is there; the new count, which may
 * exceed @max (the names beyond it are not kept).
 */
static unsigned int dynamos_add_name(const char **names, unsigned int n,
				     unsigned int max, const char *name)
{
	unsigned int i;

	for (i = 0; i < min(n, max); i++)
		if (!strcmp(names[i], name))
			return n;
	if (n < max)
		names[n] = name;
	return n + 1;
}

/**
 * dynamos_module_names() - the modules an update reaches into
 * @u:		the update
 * @names:	filled with their names, each once
 * @max:	room in @names
 *
 * Return: the number of modules, which may exceed @max (only @max are
 * listed then).
 */
static unsigned int dynamos_module_names(struct dynamos_rt_update *u,
					 const char **names, unsigned int max)
{
	const struct dynamos_modsym *m;
	struct dynamos_rt_func *f;
	unsigned int n = 0, i, j;

	for (m = u->desc->modsyms; m && m < u->desc->modsyms + u->desc->nr_modsyms; m++)
		n = dynamos_add_name(names, n, max, m->objname);
	dynamos_for_each_func(u, f)
		if (f->desc->objname)
			n = dynamos_add_name(names, n, max, f->desc->objname);
	for (i = 0; i < u->nr_phases; i++)
		for (j = 0; j < u->phases[i]->nr_funcs; j++) {
			f = &u->phases[i]->funcs[j];
			if (f->desc->objname)
				n = dynamos_add_name(names, n, max,
						     f->desc->objname);
		}
	return n;
}

/**
 * dynamos_module_attach() - a new update: find what it uses in loaded modules
 * @u:	the update being registered, with its phases
 *
 * Context: dynamos_mutex held.
 * Return: 0, or -ENOENT / -EINVAL if a loaded module does not match what
 * the update was built for (logged).
 */
int dynamos_module_attach(struct dynamos_rt_update *u)
{
	const char *names[DYNAMOS_MODULE_NAMES_MAX];
	unsigned int i, n;
	struct module *mod;
	int ret = 0;

	lockdep_assert_held(&dynamos_mutex);

	n = dynamos_module_names(u, names, ARRAY_SIZE(names));
	if (n > ARRAY_SIZE(names)) {
		pr_err("%s: it reaches into %u modules; at most %zu\n",
		       u->desc->name, n, ARRAY_SIZE(names));
		return -EINVAL;
	}
	for (i = 0; !ret && i < n; i++) {
		mod = dynamos_module_loaded(names[i]);
		if (mod)
			ret = dynamos_module_attach_one(u, mod);
	}
	return ret;
}

/**
 * dynamos_module_check() - find @u's functions in the modules loaded now
 * @u:	an update (or a phase) about to link its layers
 *
 * Normally they were found when the update registered or the module
 * loaded.  One still unknown in a loaded module was not the function the
 * update was built for then (logged), or its module is coming and this
 * core's notifier has not run yet: try again, and refuse the enable if it
 * still does not match, rather than leave the function unpatched.
 * Context: dynamos_mutex held.
 * Return: 0, or -ENOENT / -EINVAL (logged).
 */
int dynamos_module_check(struct dynamos_rt_update *u)
{
	struct dynamos_rt_func *f;
	struct module *mod;
	int ret;

	lockdep_assert_held(&dynamos_mutex);

	dynamos_for_each_func(u, f) {
		if (!f->desc->objname || f->addr)
			continue;
		mod = dynamos_module_loaded(f->desc->objname);
		if (!mod)
			continue;
		ret = dynamos_module_attach_one(u->parent ?: u, mod);
		if (ret) {
			pr_err("%s: cannot enable: module %s is loaded, but its %s is not the function the update was built for\n",
			       u->desc->name, f->desc->objname, f->desc->name);
			return ret;
		}
	}
	return 0;
}

/* Is @u, or one of its phases, switched on? */
static bool dynamos_switched_on(const struct dynamos_rt_update *u)
{
	unsigned int i;

	if (READ_ONCE(u->redirect))
		return true;
	for (i = 0; i < u->nr_phases; i++)
		if (READ_ONCE(u->phases[i]->redirect))
			return true;
	return false;
}

/* The switched-on update using @mod enabled first after @after, or NULL. */
static struct dynamos_rt_update *dynamos_next_switched_on(const struct module *mod,
							  u64 after)
{
	struct dynamos_rt_update *u, *best = NULL, *p;
	unsigned int i;

	list_for_each_entry(u, &dynamos_updates, node) {
		for (i = 0; i <= u->nr_phases; i++) {
			p = i < u->nr_phases ? u->phases[i] : u;
			if (!p->nr_funcs || !READ_ONCE(p->redirect) ||
			    !dynamos_update_uses(p, mod) ||
			    p->seq <= after || (best && p->seq >= best->seq))
				continue;
			best = p;
		}
	}
	return best;
}

/* Link the layers of @u on @mod's functions; @u is switched on. */
static int dynamos_module_link(struct dynamos_rt_update *u,
			       const struct module *mod)
{
	struct dynamos_rt_func *f;
	int ret;

	dynamos_for_each_func(u, f) {
		if (!dynamos_func_in(f, mod) || f->site)
			continue;
		ret = dynamos_redirect_link(f);
		if (ret)
			return ret;
	}
	return 0;
}

/* Unlink every layer on @mod's functions and forget their addresses. */
static void dynamos_module_unlink_all(const struct module *mod)
{
	struct dynamos_rt_update *u, *p;
	struct dynamos_rt_func *f;
	unsigned int i;

	list_for_each_entry(u, &dynamos_updates, node) {
		for (i = 0; i <= u->nr_phases; i++) {
			p = i < u->nr_phases ? u->phases[i] : u;
			dynamos_for_each_func(p, f)
				if (dynamos_func_in(f, mod) && f->site)
					dynamos_redirect_drop(f);
			dynamos_module_forget_funcs(p, mod);
		}
		dynamos_modsyms_clear(u, mod);
	}
}

static int dynamos_module_coming(struct module *mod)
{
	struct dynamos_rt_update *u, *p;
	u64 seq = 0;
	int ret;

	mutex_lock(&dynamos_mutex);
	list_for_each_entry(u, &dynamos_updates, node) {
		if (!dynamos_update_uses(u, mod))
			continue;
		ret = dynamos_module_attach_one(u, mod);
		if (ret && dynamos_switched_on(u)) {
			pr_err("refusing module %s: update %s is enabled and does not match it\n",
			       mod->name, u->desc->name);
			goto err;
		}
		if (ret)
			pr_warn("%s: does not match module %s: it cannot be enabled while the module is loaded\n",
				u->desc->name, mod->name);
	}

	/* Oldest first: each update stacks on those switched on before it. */
	while ((p = dynamos_next_switched_on(mod, seq))) {
		seq = p->seq;
		ret = dynamos_module_link(p, mod);
		if (ret) {
			pr_err("refusing module %s: its functions replaced by update %s cannot be redirected (%d)\n",
			       mod->name, p->desc->name, ret);
			goto err;
		}
	}
	mutex_unlock(&dynamos_mutex);
	return 0;

err:
	dynamos_module_unlink_all(mod);
	mutex_unlock(&dynamos_mutex);
	return ret;
}

static void dynamos_module_going(struct module *mod)
{
	mutex_lock(&dynamos_mutex);
	dynamos_module_unlink_all(mod);
	mutex_unlock(&dynamos_mutex);
}

static int dynamos_module_notify(struct notifier_block *nb,
				 unsigned long action, void *data)
{
	struct module *mod = data;

	switch (action) {
	case MODULE_STATE_COMING:
		return notifier_from_errno(dynamos_module_coming(mod));
	case MODULE_STATE_GOING:
		dynamos_module_going(mod);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block dynamos_module_nb = {
	.notifier_call = dynamos_module_notify,
};

/**
 * dynamos_module_init() - follow the loading and removal of modules
 *
 * Context: process context, from the core's module_init.
 * Return: 0, or the error of register_module_notifier().
 */
int dynamos_module_init(void)
{
	return register_module_notifier(&dynamos_module_nb);
}

/**
 * dynamos_module_exit() - stop following modules
 *
 * Context: process context, from the core's module_exit (no update is
 * registered any more).
 */
void dynamos_module_exit(void)
{
	unregister_module_notifier(&dynamos_module_nb);
}
