/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dynamos.h - private declarations of the DynAMOS runtime core
 *
 * The core keeps its own state for every registered update in a
 * struct dynamos_rt_update, which wraps the update module's read-only
 * struct dynamos_update descriptor.  One struct dynamos_rt_func per
 * replaced function carries the ftrace_ops that redirects it.
 *
 * Locking: dynamos_mutex serialises registration, unregistration, every
 * state change (enable, disable, drain completion) and the drain's stack
 * checks.  The ftrace handler takes no lock: it reads only data that is
 * immutable while its ftrace_ops is registered, plus the update's
 * @redirect flag and its own per-CPU counter.
 */
#ifndef _DYNAMOS_CORE_H
#define _DYNAMOS_CORE_H

#include <linux/ftrace.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>
#include <dynamos/update.h>

/**
 * enum dynamos_state - life cycle of a registered update
 * @DYNAMOS_DISABLED:	nothing redirected, no reference on the update module
 * @DYNAMOS_ENABLED:	ftrace_ops registered and redirecting; reference held
 * @DYNAMOS_DRAINING:	reverted (ftrace_ops unregistered), waiting until no
 *			task has the update module's text on its stack;
 *			reference still held
 */
enum dynamos_state {
	DYNAMOS_DISABLED,
	DYNAMOS_ENABLED,
	DYNAMOS_DRAINING,
};

struct dynamos_rt_update;

/**
 * struct dynamos_rt_func - run-time state of one replaced function
 * @desc:	the update module's descriptor
 * @update:	the update this function belongs to
 * @ip:		ftrace call site, @desc->old_addr + @desc->fentry_off
 * @new_func:	copy of @desc->new_func, next to @ops for the handler
 * @calls:	per-CPU count of calls redirected to @new_func
 * @ops:	ftrace_ops filtering on @ip; (re)initialised on every enable
 * @registered:	@ops is registered with ftrace
 * @kobj:	/sys/kernel/dynamos/<update>/functions/<name>; holds a
 *		reference on @update->kobj
 *
 * Adaptive dispatch will add an RCU-published version table here
 * (struct dynamos_versions __rcu *versions) that the handler consults
 * per call instead of @new_func; @ops and @calls stay as they are.
 */
struct dynamos_rt_func {
	const struct dynamos_func *desc;
	struct dynamos_rt_update *update;
	unsigned long ip;
	unsigned long new_func;
	unsigned long __percpu *calls;
	struct ftrace_ops ops;
	bool registered;
	struct kobject kobj;
};

/**
 * struct dynamos_rt_update - run-time state of one registered update
 * @desc:	the update module's descriptor
 * @mod:	the update module (@desc->mod)
 * @node:	entry in dynamos_updates
 * @state:	see enum dynamos_state; written under dynamos_mutex
 * @redirect:	the handlers redirect only while this is set.  It is set
 *		after every function's ftrace_ops is registered and cleared
 *		before any is unregistered, so all functions of the update
 *		switch at one store rather than one by one.
 * @pinned:	an ftrace_ops could not be unregistered: the module
 *		reference is kept for good
 * @dying:	unregistration has begun; sysfs writes fail with -ENODEV
 * @drain_work:	periodic stack check while @state is DYNAMOS_DRAINING
 * @drain_passes: stack checks done in the current drain
 * @kobj:	/sys/kernel/dynamos/<update>; its release frees this struct
 * @functions_kobj: /sys/kernel/dynamos/<update>/functions
 * @nr_funcs:	number of entries in @funcs
 * @funcs:	one per @desc->funcs entry
 */
struct dynamos_rt_update {
	const struct dynamos_update *desc;
	struct module *mod;
	struct list_head node;
	enum dynamos_state state;
	bool redirect;
	bool pinned;
	bool dying;
	struct delayed_work drain_work;
	unsigned int drain_passes;
	struct kobject kobj;
	struct kobject *functions_kobj;
	unsigned int nr_funcs;
	struct dynamos_rt_func funcs[];
};

#define dynamos_for_each_func(u, f) \
	for ((f) = (u)->funcs; (f) < (u)->funcs + (u)->nr_funcs; (f)++)

extern struct mutex dynamos_mutex;

/* core.c */
int dynamos_enable(struct dynamos_rt_update *u);
int dynamos_disable(struct dynamos_rt_update *u);

/* redirect.c */
int dynamos_redirect_start(struct dynamos_rt_update *u);
void dynamos_redirect_stop(struct dynamos_rt_update *u);

/* drain.c */
void dynamos_drain_init(struct dynamos_rt_update *u);
void dynamos_drain_start(struct dynamos_rt_update *u);
void dynamos_drain_cancel(struct dynamos_rt_update *u);
void dynamos_drain_cancel_sync(struct dynamos_rt_update *u);

/* sysfs.c */
int dynamos_sysfs_init(void);
void dynamos_sysfs_exit(void);
void dynamos_sysfs_init_update(struct dynamos_rt_update *u);
int dynamos_sysfs_add_update(struct dynamos_rt_update *u);
void dynamos_sysfs_put_update(struct dynamos_rt_update *u);

/*
 * Kernel internals that are neither exported nor declared in the installed
 * headers.  Like every non-exported symbol the core uses, they are bound to
 * the running image's addresses after the build (see org.dynamos.bind).
 */
extern struct mutex ftrace_lock;			/* kernel/trace/ftrace.c */
int ftrace_ops_test(struct ftrace_ops *ops, unsigned long ip, void *regs);

#endif /* _DYNAMOS_CORE_H */
