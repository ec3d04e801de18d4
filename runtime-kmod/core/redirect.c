// SPDX-License-Identifier: GPL-2.0
/*
 * redirect.c - redirect calls of kernel functions through ftrace
 *
 * Every replaced function gets its own ftrace_ops, filtered on the
 * function's fentry call site, whose handler moves the saved instruction
 * pointer to the new version: when the ftrace trampoline returns, the new
 * version runs instead of the rest of the original, with the original's
 * arguments and return address.  ftrace lets one IPMODIFY ops own a call
 * site, so livepatch, kprobes with post handlers and other updates on the
 * same function are refused with -EBUSY.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ftrace.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include "dynamos.h"

/*
 * The ftrace handler.  It runs on every call of the original, in any
 * context; the whole core is built without -pg, so nothing it calls is
 * traced.
 *
 * ftrace_test_recursion_trylock() disables preemption, which the
 * RCU-tasks synchronisation in unregister_ftrace_function() relies on to
 * know when no CPU is left in this handler.  It is used instead of
 * FTRACE_OPS_FL_RECURSION, which would add an indirect call and silently
 * run the original on recursion: here recursion warns, as in livepatch.
 */
static void notrace dynamos_ftrace_handler(unsigned long ip,
					   unsigned long parent_ip,
					   struct ftrace_ops *ops,
					   struct ftrace_regs *fregs)
{
	struct dynamos_rt_func *f = container_of(ops, struct dynamos_rt_func, ops);
	int bit;

	bit = ftrace_test_recursion_trylock(ip, parent_ip);
	if (WARN_ON_ONCE(bit < 0))
		return;

	/* Off while the update's functions are being (un)registered. */
	if (likely(READ_ONCE(f->update->redirect))) {
		this_cpu_inc(*f->calls);
		ftrace_instruction_pointer_set(fregs, f->new_func);
	}

	ftrace_test_recursion_unlock(bit);
}

/*
 * register_ftrace_function() failed with -EBUSY: name the other IPMODIFY
 * owner of the call site.  The ops list and the flags of its entries only
 * change under ftrace_lock, and a registered ops is not freed.
 */
static void dynamos_report_owner(struct dynamos_rt_func *f)
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
		if (op == &f->ops ||
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

static int dynamos_func_register(struct dynamos_rt_func *f)
{
	const char *update = f->update->desc->name, *name = f->desc->name;
	int ret;

	/*
	 * A fresh ops on every enable: ftrace is done with the previous one
	 * once unregister_ftrace_function() has returned.  DYNAMIC because
	 * the ops is not kernel core data (ftrace would set it anyway): on
	 * unregistration ftrace then waits, with RCU-tasks, until no task
	 * is left in the handler or in the ops' trampoline.  Without
	 * SAVE_REGS: with DYNAMIC_FTRACE_WITH_ARGS, ftrace_caller restores
	 * a modified instruction pointer.
	 */
	memset(&f->ops, 0, sizeof(f->ops));
	f->ops.func = dynamos_ftrace_handler;
	f->ops.flags = FTRACE_OPS_FL_DYNAMIC |
		       FTRACE_OPS_FL_IPMODIFY |
		       FTRACE_OPS_FL_PERMANENT;

	ret = ftrace_set_filter_ip(&f->ops, f->ip, 0, 0);
	if (ret) {
		pr_err("%s: cannot set the ftrace filter on %s at %pS (%d)\n",
		       update, name, (void *)f->ip, ret);
		return ret;
	}

	ret = register_ftrace_function(&f->ops);
	if (ret) {
		if (ret == -EBUSY)
			dynamos_report_owner(f);
		else
			pr_err("%s: cannot register the ftrace handler for %s (%d)\n",
			       update, name, ret);
		ftrace_free_filter(&f->ops);
		return ret;
	}

	f->registered = true;
	return 0;
}

static void dynamos_func_unregister(struct dynamos_rt_func *f)
{
	struct dynamos_rt_update *u = f->update;
	int ret;

	ret = unregister_ftrace_function(&f->ops);
	if (ret) {
		/*
		 * ftrace may still call the handler, which reads @f and jumps
		 * into the update module: neither may go away.
		 */
		pr_err("%s: cannot unregister the ftrace handler for %s (%d); module %s stays loaded\n",
		       u->desc->name, f->desc->name, ret, u->mod->name);
		u->pinned = true;
		return;
	}
	ftrace_free_filter(&f->ops);
	f->registered = false;
}

/**
 * dynamos_redirect_start() - redirect all functions of an update
 * @u:	the update; none of its functions is registered with ftrace
 *
 * All or nothing: on failure, the functions already registered are
 * unregistered again, and none was ever redirected.
 * Context: dynamos_mutex held.
 * Return: 0, or the -errno of the failing ftrace call.
 */
int dynamos_redirect_start(struct dynamos_rt_update *u)
{
	struct dynamos_rt_func *f, *g;
	int ret;

	lockdep_assert_held(&dynamos_mutex);

	/*
	 * Register every call site with redirection off, so a failure on a
	 * later function needs no revert of earlier ones, then switch all of
	 * them with a single store.
	 */
	dynamos_for_each_func(u, f) {
		ret = dynamos_func_register(f);
		if (ret)
			goto err;
	}

	WRITE_ONCE(u->redirect, true);
	return 0;

err:
	dynamos_for_each_func(u, g) {
		if (g == f)
			break;
		dynamos_func_unregister(g);
	}
	return ret;
}

/**
 * dynamos_redirect_stop() - stop redirecting all functions of an update
 * @u:	the update, with all its functions registered
 *
 * When this returns, no new call enters the update's new versions, and no
 * CPU is in the handler or an ftrace trampoline of @u.  Tasks may still be
 * executing the new versions: see drain.c.  If ftrace refuses to
 * unregister an ops, the update is marked pinned.
 * Context: dynamos_mutex held.
 */
void dynamos_redirect_stop(struct dynamos_rt_update *u)
{
	struct dynamos_rt_func *f;

	lockdep_assert_held(&dynamos_mutex);

	/* All functions fall back to the originals at once... */
	WRITE_ONCE(u->redirect, false);

	/* ...then leave ftrace, which waits for handlers in flight. */
	dynamos_for_each_func(u, f) {
		if (f->registered)
			dynamos_func_unregister(f);
	}
}
