/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dynamos.h - private declarations of the DynAMOS runtime core
 *
 * The core keeps its own state for every registered update in a
 * struct dynamos_rt_update, which wraps the update module's read-only
 * struct dynamos_update descriptor.  One struct dynamos_rt_func per
 * replaced function carries the ftrace_ops that redirects it.
 *
 * The core keeps one struct dynamos_site per redirected kernel function,
 * with the ftrace_ops for its call site and a stack of layers, one per
 * enabled update replacing the function (struct dynamos_layer, embedded
 * in the update's struct dynamos_rt_func).
 *
 * Locking: dynamos_mutex serialises registration, unregistration, every
 * state change (enable, disable, drain completion), the stacks of layers
 * and the drain's stack checks.  The ftrace handler takes no lock: it
 * reads the RCU-published stack, data immutable while a layer is linked,
 * the updates' @redirect flags, the layers' overrides (READ_ONCE) and
 * writes its own per-CPU counters.
 */
#ifndef _DYNAMOS_CORE_H
#define _DYNAMOS_CORE_H

#include <linux/ftrace.h>
#include <linux/kobject.h>
#include <linux/kprobes.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>
#include <dynamos/update.h>
#include "safepoint.h"

/**
 * enum dynamos_state - life cycle of a registered update
 * @DYNAMOS_DISABLED:	nothing redirected, no reference on the update module
 * @DYNAMOS_ENABLED:	layers linked and switched on; reference held
 * @DYNAMOS_DRAINING:	reverted (layers unlinked), waiting until no handler
 *			dispatches into the update and no task has the update
 *			module's text on its stack; reference still held
 */
enum dynamos_state {
	DYNAMOS_DISABLED,
	DYNAMOS_ENABLED,
	DYNAMOS_DRAINING,
};

struct dynamos_rt_update;

/* Sanity limits on what an update module describes. */
#define DYNAMOS_MAX_FUNCS	4096
#define DYNAMOS_MAX_KNOBS	256
#define DYNAMOS_MAX_MONITORS	4096

/* dynamos_layer.override when no version is forced: each call chooses. */
#define DYNAMOS_AUTO	(-1)

/**
 * struct dynamos_slot - one version of a function as the dispatch sees it
 * @func:	the version's code, or 0 to fall through to the layer below
 * @when:	its predicate, or NULL (every call)
 * @name:	its name (sysfs)
 *
 * The last slot of every table has @when NULL, so the search for a
 * version always ends inside the table.
 */
struct dynamos_slot {
	unsigned long func;
	bool (*when)(const struct dynamos_call *call);
	const char *name;
};

struct dynamos_site;

/**
 * struct dynamos_layer - what one update does to one kernel function
 * @fast:	the code every call runs while the update is switched on,
 *		no override is set and the first version has no predicate
 *		(an unconditional update), else 0: the handler's shortcut.
 *		Non-zero only while @update->redirect is set (dynamos_fast_update())
 * @below:	the layer of the update enabled before this one on the same
 *		function, or NULL: the kernel's original is below
 * @update:	the update; its @redirect flag switches the layer on and off
 * @override:	DYNAMOS_AUTO, or the slot every call runs (sysfs `override`)
 * @nr_slots:	entries in @slots
 * @slots:	the versions, in order
 * @counts:	per-CPU calls dispatched to each slot (nr_slots counters)
 * @own_name:	the name of an unconditional version, allocated by the core
 *		(the update module's descriptor is not read after registration:
 *		the layer is freed when the last sysfs reference goes, which
 *		may be after the module)
 *
 * A layer is linked into its site's stack while its update is enabled.
 * Readers (the ftrace handler) walk the stack under preemption disabled;
 * see redirect.c for the rules of unlinking.
 */
struct dynamos_layer {
	unsigned long fast;
	struct dynamos_layer __rcu *below;
	struct dynamos_rt_update *update;
	int override;
	unsigned int nr_slots;
	struct dynamos_slot *slots;
	unsigned long __percpu *counts;
	char *own_name;
};

/**
 * struct dynamos_site - one kernel function redirected by the core
 * @ops:	the core's ftrace_ops for the function's call site: one per
 *		function, whatever number of updates replace it, as ftrace
 *		allows only one IPMODIFY ops per call site
 * @ip:		the call site
 * @top:	the stack of layers, newest on top, RCU-published
 * @node:	entry in dynamos_sites
 * @nr_layers:	layers in the stack
 *
 * Created when the first update replacing the function is enabled,
 * unregistered and freed when the last one is disabled.  Written under
 * dynamos_mutex.
 */
struct dynamos_site {
	struct ftrace_ops ops;
	unsigned long ip;
	struct dynamos_layer __rcu *top;
	struct list_head node;
	unsigned int nr_layers;
};

/**
 * struct dynamos_rt_func - run-time state of one replaced function
 * @desc:	its entry in the core's copy of the descriptor
 * @update:	the update this function belongs to
 * @addr:	the original's address: @desc->old_addr, or for a function
 *		of a loadable module its address while the module is loaded,
 *		0 otherwise (module.c); written under dynamos_mutex
 * @ip:		ftrace call site, @addr + @desc->fentry_off, 0 while @addr is
 *		0
 * @layer:	this update's layer on the function
 * @site:	the site @layer is linked into, or NULL
 * @sp_kinds:	DYNAMOS_SP_F_* of the safe points whose scope holds it
 * @sp_counter:	its in-flight counter, if a drained safe point holds it
 * @restarted:	the redirection of a restarted thread's entry (restart.c):
 *		in no safe point's scope
 * @kobj:	/sys/kernel/dynamos/<update>/functions/<name>; holds a
 *		reference on @update->kobj
 */
struct dynamos_rt_func {
	const struct dynamos_func *desc;
	struct dynamos_rt_update *update;
	unsigned long addr;
	unsigned long ip;
	struct dynamos_layer layer;
	struct dynamos_site *site;
	unsigned int sp_kinds;
	struct dynamos_sp_counter *sp_counter;
	bool restarted;
	struct kobject kobj;
};

/**
 * struct dynamos_monitor_stats - one CPU's counts of a monitored function
 * @calls:	calls that returned while the monitor was registered
 * @total_ns:	time they spent, entry to return (local_clock())
 */
struct dynamos_monitor_stats {
	u64 calls;
	u64 total_ns;
};

/**
 * struct dynamos_rt_monitor - run-time state of one monitored function
 * @desc:	its entry in the core's copy of the descriptor
 * @update:	the update it belongs to
 * @krp:	the kretprobe, registered while the update is enabled
 * @registered:	@krp is registered; written under dynamos_mutex
 * @missed:	calls missed (no free kretprobe instance) by earlier
 *		registrations: register_kretprobe() resets @krp.kp.nmissed
 * @stats:	per-CPU counts, kept across enable and disable
 * @kobj:	/sys/kernel/dynamos/<update>/monitors/<name>; holds a
 *		reference on @update->kobj
 */
struct dynamos_rt_monitor {
	const struct dynamos_monitor *desc;
	struct dynamos_rt_update *update;
	struct kretprobe krp;
	bool registered;
	unsigned long missed;
	struct dynamos_monitor_stats __percpu *stats;
	struct kobject kobj;
};

/**
 * struct dynamos_knob_attr - the sysfs file of one knob
 * @attr:	/sys/kernel/dynamos/<update>/knobs/<name>
 * @knob:	the core's copy of the knob: name, type and range
 * @value:	the knob's value in the update module, which its predicates read
 */
struct dynamos_knob_attr {
	struct kobj_attribute attr;
	const struct dynamos_knob *knob;
	u64 *value;
};

/**
 * struct dynamos_rt_update - run-time state of one registered update
 * @desc:	the core's copy of the update module's descriptor (@copy)
 * @copy:	that copy, freed with this struct (descriptor.c)
 * @key:	the update module's descriptor: compared at unregistration,
 *		never read after registration
 * @mod:	the update module (@desc->mod)
 * @node:	entry in dynamos_updates
 * @state:	see enum dynamos_state; written under dynamos_mutex
 * @redirect:	the update's layers act only while this is set.  It is set
 *		after every layer is linked and cleared before any is
 *		unlinked, so all functions of the update switch at one store
 *		rather than one by one.
 * @unsynced:	a layer was unlinked from a site that stays registered, and
 *		handlers or ftrace trampolines may still send calls into it:
 *		the drain, or unregistration, waits for them first
 * @dying:	unregistration has begun; sysfs writes fail with -ENODEV
 * @enable_ns:	duration of the last enable, registration to live
 * @seq:	when its layers were last linked, in the order of all updates'
 *		(a module loading later gets them in that order, module.c)
 * @drain_work:	periodic stack check while @state is DYNAMOS_DRAINING
 * @drain_passes: stack checks done in the current drain
 * @kobj:	/sys/kernel/dynamos/<update>; its release frees this struct
 * @functions_kobj: /sys/kernel/dynamos/<update>/functions
 * @knobs_kobj:	/sys/kernel/dynamos/<update>/knobs, if it has knobs
 * @knob_attrs:	one per knob
 * @monitors_kobj: /sys/kernel/dynamos/<update>/monitors, if it has monitors
 * @nr_monitors: number of entries in @monitors
 * @monitors:	one per @desc->monitors entry (kcalloc'ed)
 * @sp:		its safe points, or NULL if it switches at once
 * @parent:	a phase: the multi-phase update it belongs to (phase.c)
 * @nr_phases:	a multi-phase update: entries in @phases
 * @phases:	its phases, each a run-time update of its own, in order
 * @phase:	how many of @phases are switched on; under dynamos_mutex
 * @phases_kobj: /sys/kernel/dynamos/<update>/phases
 * @shadows_kobj: /sys/kernel/dynamos/<update>/shadows, if it has shadow fields
 * @nr_shadows:	entries in @shadows
 * @shadows:	its shadow fields' run-time state (shadow.c)
 * @restarts_late: helpers of timed-out restarts still waiting for a thread
 *		to stop (restart.c); the update does not switch meanwhile
 * @nr_funcs:	number of entries in @funcs
 * @funcs:	one per @desc->funcs entry
 */
struct dynamos_rt_update {
	const struct dynamos_update *desc;
	struct dynamos_desc *copy;
	const struct dynamos_update *key;
	struct module *mod;
	struct list_head node;
	enum dynamos_state state;
	bool redirect;
	bool unsynced;
	bool dying;
	u64 enable_ns;
	u64 seq;
	struct delayed_work drain_work;
	unsigned int drain_passes;
	struct kobject kobj;
	struct kobject *functions_kobj;
	struct kobject *knobs_kobj;
	struct dynamos_knob_attr *knob_attrs;
	struct kobject *monitors_kobj;
	unsigned int nr_monitors;
	struct dynamos_rt_monitor *monitors;
	struct dynamos_sp *sp;
	struct dynamos_rt_update *parent;
	unsigned int nr_phases;
	struct dynamos_rt_update **phases;
	unsigned int phase;
	struct kobject *phases_kobj;
	struct kobject *shadows_kobj;
	unsigned int nr_shadows;
	struct dynamos_shadow_field **shadows;
	atomic_t restarts_late;
	unsigned int nr_funcs;
	struct dynamos_rt_func funcs[];
};

#define dynamos_for_each_func(u, f) \
	for ((f) = (u)->funcs; (f) < (u)->funcs + (u)->nr_funcs; (f)++)

#define dynamos_for_each_monitor(u, m) \
	for ((m) = (u)->monitors; (m) < (u)->monitors + (u)->nr_monitors; (m)++)

extern struct mutex dynamos_mutex;
extern struct list_head dynamos_updates;

/* core.c */
struct dynamos_rt_update *dynamos_find_update(const char *name);
bool dynamos_valid_name(const char *name);
bool dynamos_symbol_matches(const char *sym, const char *name,
			    const char *objname, unsigned long addr,
			    unsigned long size);
int dynamos_objname_cmp(const char *a, const char *b);
int dynamos_check_addr(struct dynamos_rt_func *f, unsigned long addr);
int dynamos_enable(struct dynamos_rt_update *u);
int dynamos_disable(struct dynamos_rt_update *u);
int dynamos_enable_locked(struct dynamos_rt_update *u);
int dynamos_disable_locked(struct dynamos_rt_update *u);
int dynamos_disable_under(struct dynamos_rt_update *u,
			  const struct dynamos_rt_update *above);
struct dynamos_desc;
struct dynamos_rt_update *dynamos_rt_create(struct dynamos_desc *copy,
					    const struct dynamos_update *key);

/* redirect.c */
int dynamos_redirect_start(struct dynamos_rt_update *u);
int dynamos_redirect_link(struct dynamos_rt_func *f);
void dynamos_redirect_drop(struct dynamos_rt_func *f);
void dynamos_redirect_unlink(struct dynamos_rt_update *u);
int dynamos_redirect_switch_off(struct dynamos_rt_update *u);
int dynamos_redirect_check_stop(struct dynamos_rt_update *u,
				const struct dynamos_rt_update *above);
void dynamos_fast_update(struct dynamos_layer *l);
void dynamos_redirect_stop(struct dynamos_rt_update *u);
void dynamos_redirect_sync(struct dynamos_rt_update *u);
void dynamos_redirect_report(const char *livepatch);

/* versions.c */
int dynamos_versions_init(struct dynamos_rt_func *f);
void dynamos_versions_free(struct dynamos_rt_func *f);
int dynamos_slot_by_name(const struct dynamos_layer *l, const char *name);
unsigned long dynamos_slot_calls(const struct dynamos_layer *l, unsigned int i);
int dynamos_knobs_check(struct dynamos_rt_update *u);
bool dynamos_knob_in_range(const struct dynamos_knob *k, u64 v);

/* monitor.c */
int dynamos_monitors_init(struct dynamos_rt_update *u);
void dynamos_monitors_free(struct dynamos_rt_update *u);
int dynamos_monitors_start(struct dynamos_rt_update *u);
void dynamos_monitors_stop(struct dynamos_rt_update *u);
void dynamos_monitor_read(const struct dynamos_rt_monitor *m, u64 *calls,
			  u64 *total_ns);
unsigned long dynamos_monitor_missed(const struct dynamos_rt_monitor *m);

/* safepoint.c (see safepoint.h for the rest) */
bool dynamos_task_walkable(struct task_struct *task);

/* drain.c */
void dynamos_drain_init(struct dynamos_rt_update *u);
void dynamos_drain_start(struct dynamos_rt_update *u);
void dynamos_drain_cancel(struct dynamos_rt_update *u);
void dynamos_drain_cancel_sync(struct dynamos_rt_update *u);

/* klp.c */
int dynamos_klp_init(void);
void dynamos_klp_exit(void);

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
