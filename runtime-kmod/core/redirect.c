// SPDX-License-Identifier: GPL-2.0
/*
 * redirect.c - per-call dispatch of kernel functions through ftrace
 *
 * Every redirected kernel function has one struct dynamos_site: the core's
 * ftrace_ops, filtered on the function's fentry call site, and a stack of
 * layers, one per enabled update that replaces the function, the most
 * recently enabled on top.  ftrace lets one IPMODIFY ops own a call site,
 * so the updates share the site's ops, and livepatch or a kprobe with a
 * post handler on the same function refuse the first update's enable with
 * -EBUSY (the owner is named in the log).
 *
 * The handler moves the saved instruction pointer to the version chosen
 * for the call: when the ftrace trampoline returns, that version runs
 * instead of the rest of the original, with the original's arguments and
 * return address.  The choice, per call:
 *
 *   - starting with the top layer: skip it if its update is not switched
 *     on (@redirect, which flips all of an update's functions at once);
 *   - the administrator's override, if set, else the first version whose
 *     predicate holds (no predicate: every call);
 *   - a version with code runs; one without ("original") passes the call
 *     to the layer below, and below the bottom layer runs the kernel's own
 *     function (the handler leaves the instruction pointer alone).
 *
 * Stacking rule: an update is disabled only while it is the top layer on
 * every function it replaces.  An update enabled later on a shared
 * function may send calls to it ("original" in its versions), so the
 * later one must be disabled first: last enabled, first disabled, per
 * function, as in livepatch.  The layers of an update are therefore only
 * ever pushed onto and popped off the tops of the stacks (except when an
 * enabled update's module is removed by force).
 *
 * Unlinking a layer while the site's ops stays registered (other layers
 * remain) needs the same waits ftrace does when it unregisters an ops:
 * synchronize_rcu_tasks_rude() for handlers running where RCU is not
 * watching, and synchronize_rcu_tasks() for tasks preempted in an ftrace
 * trampoline after the handler chose a version of the popped layer but
 * before they reached it (their stacks show no return address into the
 * update, so the drain could not see them).  Only then may the drain
 * (drain.c) check stacks for the update's code: its work function waits
 * first, so a revert returns at once.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ftrace.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "dynamos.h"
#include "module.h"

/* Redirected functions, protected by dynamos_mutex. */
static LIST_HEAD(dynamos_sites);

/* Counts the updates switched on, for their @seq; under dynamos_mutex. */
static u64 dynamos_seq;

/*
 * The version of layer @l for this call: the first whose predicate holds.
 * Out of line so that the handler's common case, a single version without
 * a predicate, keeps no struct dynamos_call on its stack.  The predicates
 * are indirect calls (retpolined): one per version tried.
 */
static noinline int dynamos_choose(const struct dynamos_layer *l,
				   struct ftrace_regs *fregs)
{
	const struct pt_regs *regs = &fregs->regs;
	const struct dynamos_call call = {
		.args = { regs->di, regs->si, regs->dx,
			  regs->cx, regs->r8, regs->r9 },
	};
	const struct dynamos_slot *v;
	int i;

	/* The last slot has no predicate: the loop ends in the table. */
	for (i = 0, v = l->slots; v->when; i++, v++)
		if (v->when(&call))
			break;
	return i;
}

/*
 * The general case of the handler below: walk the stack from @l down.
 * Out of line, and ending the recursion protection itself, so that the
 * handler's common case needs no saved registers and tail-calls this.
 */
static noinline void dynamos_dispatch(struct dynamos_layer *l,
				      struct ftrace_regs *fregs, int bit)
{
	const struct dynamos_slot *v;
	int i;

	for (; l; l = rcu_dereference_raw(l->below)) {
		if (unlikely(!READ_ONCE(l->update->redirect)))
			continue;

		i = READ_ONCE(l->override);
		if (likely(i == DYNAMOS_AUTO))
			i = l->slots[0].when ? dynamos_choose(l, fregs) : 0;
		v = &l->slots[i];

		this_cpu_inc(l->counts[i]);
		if (likely(v->func)) {
			ftrace_instruction_pointer_set(fregs, v->func);
			break;
		}
	}

	ftrace_test_recursion_unlock(bit);
}

/*
 * The ftrace handler.  It runs on every call of the original, in any
 * context; the whole core is built without -pg, so nothing it calls is
 * traced, and predicates use inline helpers only (and are notrace).
 *
 * ftrace_test_recursion_trylock() disables preemption, which the RCU
 * synchronisations of the drain and of unregister_ftrace_function() rely
 * on to know when no CPU is left in this handler.  It is used instead of
 * FTRACE_OPS_FL_RECURSION, which would add an indirect call and silently
 * run the original on recursion: here recursion warns, as in livepatch.
 */
static void notrace dynamos_ftrace_handler(unsigned long ip,
					   unsigned long parent_ip,
					   struct ftrace_ops *ops,
					   struct ftrace_regs *fregs)
{
	struct dynamos_site *s = container_of(ops, struct dynamos_site, ops);
	struct dynamos_layer *l;
	unsigned long fast;
	int bit;

	bit = ftrace_test_recursion_trylock(ip, parent_ip);
	if (WARN_ON_ONCE(bit < 0))
		return;

	l = rcu_dereference_raw(s->top);
	if (likely(l)) {
		/* The common case: the top layer runs one version, always. */
		fast = READ_ONCE(l->fast);
		if (likely(fast)) {
			this_cpu_inc(l->counts[0]);
			ftrace_instruction_pointer_set(fregs, fast);
		} else {
			dynamos_dispatch(l, fregs, bit);
			return;
		}
	}

	ftrace_test_recursion_unlock(bit);
}

/*
 * register_ftrace_function() failed with -EBUSY: name the other IPMODIFY
 * owner of the call site.  The ops list and the flags of its entries only
 * change under ftrace_lock, and a registered ops is not freed.
 */
static void dynamos_report_owner(struct dynamos_rt_func *f,
				 struct dynamos_site *s)
{
	const char *update = f->update->desc->name, *name = f->desc->name;
	char owner[KSYM_SYMBOL_LEN];
	struct ftrace_ops *op;
	const char *hint;
	bool found = false;

	if (!ftrace_enabled) {
		pr_err("%s: cannot redirect %s: function tracing is off (sysctl kernel.ftrace_enabled = 0)\n",
		       update, name);
		return;
	}

	mutex_lock(&ftrace_lock);
	for (op = rcu_dereference_protected(ftrace_ops_list,
					    lockdep_is_held(&ftrace_lock));
	     op != &ftrace_list_end;
	     op = rcu_dereference_protected(op->next,
					    lockdep_is_held(&ftrace_lock))) {
		if (op == &s->ops ||
		    !(op->flags & FTRACE_OPS_FL_ENABLED) ||
		    !(op->flags & FTRACE_OPS_FL_IPMODIFY))
			continue;
		/*
		 * ftrace_ops_test() ignores ops that want registers when
		 * given none; like ftrace itself, pass a dummy non-NULL one.
		 */
		if (!ftrace_ops_test(op, f->ip, op))
			continue;

		sprint_symbol_no_offset(owner, (unsigned long)op->func);
		if (strstarts(owner, "klp_"))
			hint = " (a livepatch; see /sys/kernel/livepatch)";
		else if (strstarts(owner, "kprobe_"))
			hint = " (a kprobe with a post handler)";
		else
			hint = "";
		pr_err("%s: cannot redirect %s: it is owned by another ftrace IPMODIFY user, handler %s%s\n",
		       update, name, owner, hint);
		found = true;
	}
	mutex_unlock(&ftrace_lock);

	if (!found)
		pr_err("%s: cannot redirect %s: another ftrace IPMODIFY user (livepatch or kprobe) owns it\n",
		       update, name);
}

static struct dynamos_site *dynamos_find_site(unsigned long ip)
{
	struct dynamos_site *s;

	list_for_each_entry(s, &dynamos_sites, node)
		if (s->ip == ip)
			return s;
	return NULL;
}

/* A new site for @f's function, its ops registered, its stack empty. */
static struct dynamos_site *dynamos_site_create(struct dynamos_rt_func *f)
{
	const char *update = f->update->desc->name, *name = f->desc->name;
	struct dynamos_site *s;
	int ret;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return ERR_PTR(-ENOMEM);
	s->ip = f->ip;

	/*
	 * DYNAMIC because the ops is not kernel core data (ftrace would set
	 * it anyway): on unregistration ftrace then waits, with RCU-tasks,
	 * until no task is left in the handler or in the ops' trampoline.
	 * Without SAVE_REGS: with DYNAMIC_FTRACE_WITH_ARGS, ftrace_caller
	 * saves the argument registers and restores a modified instruction
	 * pointer.  PERMANENT: kernel.ftrace_enabled=0 is refused rather
	 * than silently reverting every update.
	 */
	s->ops.func = dynamos_ftrace_handler;
	s->ops.flags = FTRACE_OPS_FL_DYNAMIC |
		       FTRACE_OPS_FL_IPMODIFY |
		       FTRACE_OPS_FL_PERMANENT;

	ret = ftrace_set_filter_ip(&s->ops, s->ip, 0, 0);
	if (ret) {
		pr_err("%s: cannot set the ftrace filter on %s at %pS (%d)\n",
		       update, name, (void *)s->ip, ret);
		goto err;
	}

	ret = register_ftrace_function(&s->ops);
	if (ret) {
		if (ret == -EBUSY)
			dynamos_report_owner(f, s);
		else
			pr_err("%s: cannot register the ftrace handler for %s (%d)\n",
			       update, name, ret);
		ftrace_free_filter(&s->ops);
		goto err;
	}

	list_add(&s->node, &dynamos_sites);
	return s;
err:
	kfree(s);
	return ERR_PTR(ret);
}

/*
 * The stack of @s is empty: stop redirecting the function.  ftrace waits
 * until no CPU is in the handler and no task in the ops' trampoline.
 */
static void dynamos_site_destroy(struct dynamos_site *s)
{
	int ret;

	list_del(&s->node);
	ret = unregister_ftrace_function(&s->ops);
	if (ret) {
		/*
		 * ftrace may still call the handler, which reads @s (an
		 * empty stack: it changes nothing).  Neither @s nor the core
		 * may go away.
		 */
		pr_err("cannot unregister the ftrace handler at %pS (%d); the runtime core stays loaded\n",
		       (void *)s->ip, ret);
		__module_get(THIS_MODULE);
		return;
	}
	ftrace_free_filter(&s->ops);
	kfree(s);
}

/* Push @f's layer onto its function's stack, creating the site if needed. */
static int dynamos_layer_push(struct dynamos_rt_func *f)
{
	struct dynamos_site *s = dynamos_find_site(f->ip);

	if (!s) {
		s = dynamos_site_create(f);
		if (IS_ERR(s))
			return PTR_ERR(s);
	}
	RCU_INIT_POINTER(f->layer.below,
			 rcu_dereference_protected(s->top,
						   lockdep_is_held(&dynamos_mutex)));
	/* The layer's slots and counters are set up before it is seen. */
	rcu_assign_pointer(s->top, &f->layer);
	s->nr_layers++;
	f->site = s;
	return 0;
}

/*
 * Unlink @f's layer, normally the top of its stack.  The layer's own
 * @below stays as it is for handlers still walking through it.  Returns
 * true if the site stays registered: the caller must then wait for the
 * handlers (dynamos_redirect_sync()) before the layer's code can go.
 */
static bool dynamos_layer_pop(struct dynamos_rt_func *f)
{
	struct dynamos_site *s = f->site;
	struct dynamos_layer __rcu **link = &s->top;
	struct dynamos_layer *l;

	for (;;) {
		l = rcu_dereference_protected(*link,
					      lockdep_is_held(&dynamos_mutex));
		if (WARN_ON(!l))
			return true;
		if (l == &f->layer)
			break;
		link = &l->below;
	}
	rcu_assign_pointer(*link, rcu_dereference_protected(f->layer.below,
					lockdep_is_held(&dynamos_mutex)));
	f->site = NULL;
	if (--s->nr_layers)
		return true;
	dynamos_site_destroy(s);
	return false;
}

/**
 * dynamos_redirect_start() - redirect all functions of an update
 * @u:	the update; none of its layers is linked
 *
 * Links the layers with the update switched off, then switches all of them
 * on at the update's safe point (safepoint.c).
 * All or nothing: on failure, the layers already linked are unlinked
 * again, and none was ever active.
 * Context: dynamos_mutex held.
 * Return: 0, or the -errno of the failing ftrace call.
 */
int dynamos_redirect_start(struct dynamos_rt_update *u)
{
	struct dynamos_rt_func *f, *g;
	int ret;

	lockdep_assert_held(&dynamos_mutex);

	ret = dynamos_module_check(u);
	if (ret)
		return ret;

	/*
	 * Link every layer with the update switched off, so a failure on a
	 * later function needs no revert of earlier ones, then switch all of
	 * them with a single store.  A function of a module that is not
	 * loaded has no layer yet: module.c links it when the module loads.
	 */
	dynamos_for_each_func(u, f) {
		if (!f->ip)
			continue;
		ret = dynamos_layer_push(f);
		if (ret)
			goto err;
	}

	ret = dynamos_safepoint_switch(u, true);
	if (ret) {
		dynamos_redirect_unlink(u);
		return ret;
	}
	u->seq = ++dynamos_seq;
	/* Only a shortcut to what the store above already decided. */
	dynamos_for_each_func(u, f)
		dynamos_fast_update(&f->layer);
	return 0;

err:
	dynamos_for_each_func(u, g) {
		if (g == f)
			break;
		/* Never active, but a handler may still be walking it. */
		if (g->site && dynamos_layer_pop(g))
			u->unsynced = true;
	}
	return ret;
}

/**
 * dynamos_redirect_link() - link one layer of a switched-on update
 * @f:	a function of a module that has just loaded (module.c): @f->ip
 *	found, no layer linked, its update switched on
 *
 * The layer acts at once.  No safe point: none of the module's code has
 * run yet.
 * Context: dynamos_mutex held.
 * Return: 0, or the -errno of the failing ftrace call (logged).
 */
int dynamos_redirect_link(struct dynamos_rt_func *f)
{
	int ret;

	lockdep_assert_held(&dynamos_mutex);
	ret = dynamos_layer_push(f);
	if (!ret)
		dynamos_fast_update(&f->layer);
	return ret;
}

/**
 * dynamos_redirect_drop() - unlink one layer, its function going away
 * @f:	a function of a module being removed (module.c), layer linked
 *
 * The last layer of a site takes the site down, and ftrace waits for its
 * handlers then; an unlinked layer below others that stay is waited for
 * by the update's drain or unregistration, as usual.
 * Context: dynamos_mutex held.
 */
void dynamos_redirect_drop(struct dynamos_rt_func *f)
{
	lockdep_assert_held(&dynamos_mutex);
	if (dynamos_layer_pop(f))
		f->update->unsynced = true;
}

/**
 * dynamos_redirect_unlink() - unlink the layers of a switched-off update
 * @u:	the update, @redirect clear, all its layers linked
 *
 * Context: dynamos_mutex held.
 */
void dynamos_redirect_unlink(struct dynamos_rt_update *u)
{
	struct dynamos_rt_func *f;

	lockdep_assert_held(&dynamos_mutex);
	dynamos_for_each_func(u, f) {
		/* Never active, but a handler may still be walking it. */
		if (f->site && dynamos_layer_pop(f))
			u->unsynced = true;
	}
}

/**
 * dynamos_fast_update() - recompute a layer's shortcut
 * @l:	the layer, after a change of its update's @redirect or its override
 *
 * The handler's shortcut gives the same result as the walk it skips.
 * Context: dynamos_mutex held.
 */
void dynamos_fast_update(struct dynamos_layer *l)
{
	unsigned long fast = 0;

	lockdep_assert_held(&dynamos_mutex);
	if (READ_ONCE(l->update->redirect) && l->override == DYNAMOS_AUTO &&
	    !l->slots[0].when)
		fast = l->slots[0].func;
	WRITE_ONCE(l->fast, fast);
}

/**
 * dynamos_redirect_check_stop() - may the update's layers be unlinked?
 * @u:		an enabled update
 * @above:	an update allowed to be stacked on @u (the cumulative update
 *		taking over from it, takeover.c), or NULL
 *
 * Context: dynamos_mutex held.
 * Return: 0, or -EBUSY if another update enabled later is stacked on one of
 * its functions (it is named in the log).
 */
int dynamos_redirect_check_stop(struct dynamos_rt_update *u,
				const struct dynamos_rt_update *above)
{
	struct dynamos_rt_func *f;
	struct dynamos_layer *l;

	lockdep_assert_held(&dynamos_mutex);

	dynamos_for_each_func(u, f) {
		/* A function of a module that is not loaded has no stack. */
		if (!f->site)
			continue;
		for (l = rcu_dereference_protected(f->site->top,
						   lockdep_is_held(&dynamos_mutex));
		     l != &f->layer;
		     l = rcu_dereference_protected(l->below,
						   lockdep_is_held(&dynamos_mutex))) {
			/* @above's layers, or those of its phases. */
			if (above && (l->update == above ||
				      l->update->parent == above))
				continue;
			pr_err("%s: cannot disable: update %s is stacked on it (function %s) and may pass calls to it; disable %s first\n",
			       u->desc->name, l->update->desc->name,
			       f->desc->name, l->update->desc->name);
			return -EBUSY;
		}
	}
	return 0;
}

/**
 * dynamos_redirect_stop() - stop redirecting all functions of an update
 * @u:	the update, with all its layers linked, switched off already if
 *	it has a safe point (dynamos_redirect_switch_off())
 *
 * When this returns, no new call enters the update's versions through a
 * function whose site was unregistered.  Where other updates keep a site,
 * @u->unsynced is set: wait with dynamos_redirect_sync() (or let the drain
 * wait) before relying on that.  Tasks may still be
 * executing the update's versions: see drain.c.
 * Context: dynamos_mutex held.
 */
void dynamos_redirect_stop(struct dynamos_rt_update *u)
{
	struct dynamos_rt_func *f;

	lockdep_assert_held(&dynamos_mutex);

	/*
	 * All functions fall back to the layers below at once: at the store
	 * to @redirect, the shortcuts being gone by then...
	 */
	dynamos_for_each_func(u, f)
		WRITE_ONCE(f->layer.fast, 0);
	WRITE_ONCE(u->redirect, false);

	/* ...then leave the stacks. */
	dynamos_for_each_func(u, f) {
		if (f->site && dynamos_layer_pop(f))
			u->unsynced = true;
	}
}

/**
 * dynamos_redirect_switch_off() - switch an update off at its safe point
 * @u:	an enabled update
 *
 * Its layers stay linked (dynamos_redirect_stop() unlinks them); on
 * failure the update stays switched on, as it was.
 * Context: dynamos_mutex held; sleeps while waiting for the safe point.
 * Return: 0, or the error of dynamos_safepoint_switch().
 */
int dynamos_redirect_switch_off(struct dynamos_rt_update *u)
{
	struct dynamos_rt_func *f;
	int ret;

	lockdep_assert_held(&dynamos_mutex);

	/* Without shortcuts, the handlers read @redirect on every call. */
	dynamos_for_each_func(u, f)
		WRITE_ONCE(f->layer.fast, 0);
	ret = dynamos_safepoint_switch(u, false);
	dynamos_for_each_func(u, f)
		dynamos_fast_update(&f->layer);
	return ret;
}

/**
 * dynamos_redirect_sync() - wait until no handler uses unlinked layers
 * @u:	the update whose layers were unlinked
 *
 * Waits as unregister_ftrace_function() does for a dynamic ops (see the
 * top of this file), if a layer of @u was unlinked from a site that stayed
 * registered since the last wait.
 * Context: process context; may sleep for a while (RCU-tasks).
 */
void dynamos_redirect_sync(struct dynamos_rt_update *u)
{
	if (!u->unsynced)
		return;
	synchronize_rcu_tasks_rude();
	synchronize_rcu_tasks();
	u->unsynced = false;
}

/* Lines dynamos_redirect_report() logs at most, one per layer. */
#define DYNAMOS_REPORT_MAX	16

/**
 * dynamos_redirect_report() - log what DynAMOS redirects, for a livepatch
 * @livepatch:	name of a livepatch module that failed to load (klp.c)
 *
 * One line per redirected function and update replacing it, the top layer
 * first, at most DYNAMOS_REPORT_MAX; nothing if no function is redirected.
 * A linked layer's update is enabled (or being enabled), so its module is
 * pinned and its name can be read.
 * Context: process context; takes dynamos_mutex.
 */
void dynamos_redirect_report(const char *livepatch)
{
	unsigned int lines = 0, more = 0;
	struct dynamos_layer *l;
	struct dynamos_site *s;

	mutex_lock(&dynamos_mutex);
	if (list_empty(&dynamos_sites))
		goto out;

	pr_err("livepatch module %s did not load; if it patches a function DynAMOS redirects, that is why: ftrace allows one IPMODIFY user per function\n",
	       livepatch);
	list_for_each_entry(s, &dynamos_sites, node) {
		for (l = rcu_dereference_protected(s->top,
					lockdep_is_held(&dynamos_mutex));
		     l;
		     l = rcu_dereference_protected(l->below,
					lockdep_is_held(&dynamos_mutex))) {
			if (lines == DYNAMOS_REPORT_MAX) {
				more++;
				continue;
			}
			pr_err("%s: %ps is redirected by update %s\n",
			       livepatch, (void *)s->ip, l->update->desc->name);
			lines++;
		}
	}
	if (more)
		pr_err("%s: and %u more redirection%s\n", livepatch, more,
		       more == 1 ? "" : "s");
out:
	mutex_unlock(&dynamos_mutex);
}
