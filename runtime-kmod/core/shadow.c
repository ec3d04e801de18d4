// SPDX-License-Identifier: GPL-2.0
/*
 * shadow.c - shadow fields: `shadow STRUCT.FIELD: TYPE;`
 *
 * A shadow field adds a value to existing kernel objects without changing
 * their layout, as livepatch's klp_shadow_*() and kpatch's shadow variables
 * do.  The core keeps the values in one hash table keyed by the object's
 * address; each value also names its field, whose key is the address of the
 * field's entry in the update module's descriptor (unique per update and
 * field, and never dereferenced).  Readers walk a bucket under RCU without a
 * lock, so the predicates' lookup (dynamos_shadow_read()) works in any
 * context, NMI included, and never follows the object pointer; writers
 * take dynamos_shadow_lock with interrupts off.
 *
 * Lifetime.  Values exist only while their update is enabled or draining:
 *
 *  - while it is, a hook on the function that frees objects of the struct
 *    (the descriptor's @freed_by, e.g. free_task() for task_struct: an
 *    ftrace_ops on its entry, beside any redirection of it) drops the
 *    values of each object as it is freed, so an address reused by a new
 *    object never finds an old value;
 *  - when the update's revert has drained (no task runs its code), the hook
 *    goes and every value left is freed (dynamos_shadows_stop()), as on a
 *    failed enable and on forced removal.
 *
 * Hand-over.  A cumulative update (takeover.c) inherits the values of every
 * field it declares with the same name and type as the update it replaces.
 * Values belong to a field but are found by its @group: a lookup with any
 * key of the group finds the value of any member, and at most one value per
 * object and group exists (creation checks the whole group under the lock).
 * When the new update's fields start (dynamos_shadows_start(), its free
 * hooks registered, before its activate hook and its switch), each joins
 * the group of the old update's field of the same name, so from then on
 * the code of either update sees the same value of an object: none is
 * copied, none lost, none seen twice.  When a field stops (its update's
 * revert has drained) while another member of its group is still active,
 * its values are re-keyed to that member (the "heir": an enabled update's
 * field if there is one), under the lock, instead of being freed; the
 * free hook of the heir, registered since it started, frees them with
 * their objects from then on.  So the old update, drained after the
 * take-over, hands its values to the new one; the new one, reverted before
 * the old one has drained (or after a failed take-over), hands its values
 * back, to be freed with the old one's.  A field leaves its group once it
 * has stopped, after a grace period (a lock-free reader may still hold one
 * of its values as re-keyed).
 *
 * Each field counts its live values, those allocated, freed with their
 * object, freed at revert, failed allocations, and values handed over to
 * an heir or taken over from another field:
 * /sys/kernel/dynamos/<update>/shadows/<STRUCT.FIELD>.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ftrace.h>
#include <linux/hash.h>
#include <linux/hashtable.h>
#include <linux/kallsyms.h>
#include <linux/preempt.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include "dynamos.h"
#include "descriptor.h"
#include "shadow.h"

/**
 * struct dynamos_free_hook - an ftrace_ops on a function freeing objects
 * @ops:	on its entry; reads the object from the first argument
 * @ip:		its call site
 * @users:	fields of enabled or draining updates using it
 * @node:	in dynamos_free_hooks
 *
 * Shared by every field whose objects that function frees; under
 * dynamos_mutex.
 */
struct dynamos_free_hook {
	struct ftrace_ops ops;
	unsigned long ip;
	unsigned int users;
	struct list_head node;
};

/**
 * struct dynamos_shadow_field - run-time state of one shadow field
 * @node:	in dynamos_shadow_fields, by @key
 * @key:	the module's descriptor entry (its address only)
 * @desc:	the core's copy of the entry
 * @u:		the update
 * @hook:	the free hook while @active
 * @group:	the values it finds: those of every field with this @group
 *		(its own id, or the field it took over from's); written under
 *		dynamos_shadow_lock and dynamos_mutex, read locklessly
 * @active:	values may be created (the update is enabled or draining)
 * @live:	values now
 * @allocated:	values created
 * @freed_object: values freed with their object
 * @freed_revert: values freed at a revert, or by the update's own C
 * @failed:	allocations that failed (or were asked for in NMI)
 * @handed_over: values re-keyed to another field of its group when it stopped
 * @taken_over:	values re-keyed to it from another field of its group
 * @attr:	its sysfs file
 */
struct dynamos_shadow_field {
	struct hlist_node node;
	const void *key;
	const struct dynamos_shadow *desc;
	struct dynamos_rt_update *u;
	struct dynamos_free_hook *hook;
	u64 group;
	bool active;
	atomic_long_t live;
	atomic_long_t allocated;
	atomic_long_t freed_object;
	atomic_long_t freed_revert;
	atomic_long_t failed;
	atomic_long_t handed_over;
	atomic_long_t taken_over;
	struct kobj_attribute attr;
};

/**
 * struct dynamos_shadow_value - one object's value of one field
 * @node:	in dynamos_shadow_values, by @obj
 * @obj:	the object's address (never dereferenced)
 * @field:	the field it belongs to: changes only when it is handed over,
 *		under dynamos_shadow_lock, to a field of the same group
 * @rcu:	freed after a grace period: lock-free readers may see it
 * @data:	the value, zeroed on creation
 */
struct dynamos_shadow_value {
	struct hlist_node node;
	const void *obj;
	struct dynamos_shadow_field *field;
	struct rcu_head rcu;
	u64 data;
};

static DEFINE_HASHTABLE(dynamos_shadow_values, 12);
static DEFINE_HASHTABLE(dynamos_shadow_fields, 6);
static DEFINE_SPINLOCK(dynamos_shadow_lock);
static LIST_HEAD(dynamos_free_hooks);
/* Group ids, never reused (field structs and keys are). */
static atomic64_t dynamos_shadow_groups = ATOMIC64_INIT(0);

/* The field of @key, under RCU (or dynamos_shadow_lock). */
static struct dynamos_shadow_field *dynamos_shadow_field(const void *key)
{
	struct dynamos_shadow_field *f;

	hash_for_each_possible_rcu_notrace(dynamos_shadow_fields, f, node,
					   (unsigned long)key)
		if (f->key == key)
			return f;
	return NULL;
}

/* @obj's value in @group, under RCU (or dynamos_shadow_lock). */
static struct dynamos_shadow_value *dynamos_shadow_find(u64 group,
							const void *obj)
{
	struct dynamos_shadow_value *v;

	hash_for_each_possible_rcu_notrace(dynamos_shadow_values, v, node,
					   (unsigned long)obj)
		if (v->obj == obj && READ_ONCE(READ_ONCE(v->field)->group) == group)
			return v;
	return NULL;
}

/*
 * @obj's value of the field of @key, or of a field of its group (a
 * hand-over), under RCU (or dynamos_shadow_lock).
 */
static struct dynamos_shadow_value *dynamos_shadow_lookup(const void *key,
							  const void *obj)
{
	struct dynamos_shadow_field *f = dynamos_shadow_field(key);

	return f ? dynamos_shadow_find(READ_ONCE(f->group), obj) : NULL;
}

/* Unhash @v (dynamos_shadow_lock held) and free it after a grace period. */
static void dynamos_shadow_drop(struct dynamos_shadow_value *v,
				atomic_long_t *counter)
{
	hash_del_rcu(&v->node);
	atomic_long_dec(&v->field->live);
	atomic_long_inc(counter);
	kfree_rcu(v, rcu);
}

/**
 * dynamos_shadow_read() - a predicate's read of a shadow value
 * @key:	the field's key
 * @obj:	the object, possibly NULL or garbage: only compared
 *
 * Context: any, NMI included; lock-free.
 * Return: the value, 0 if @obj has none.
 */
u64 notrace dynamos_shadow_read(const void *key, const void *obj)
{
	struct dynamos_shadow_value *v;
	u64 data = 0;

	rcu_read_lock_sched_notrace();
	v = dynamos_shadow_lookup(key, obj);
	if (v)
		data = READ_ONCE(v->data);
	rcu_read_unlock_sched_notrace();
	return data;
}
EXPORT_SYMBOL_GPL(dynamos_shadow_read);

/**
 * dynamos_shadow_get() - the value of a shadow field for an object
 * @key:	the field's key
 * @obj:	the object
 *
 * Context: any.
 * Return: the value's address, or NULL if @obj has none.
 */
void *dynamos_shadow_get(const void *key, const void *obj)
{
	struct dynamos_shadow_value *v;

	rcu_read_lock_sched_notrace();
	v = dynamos_shadow_lookup(key, obj);
	rcu_read_unlock_sched_notrace();
	return v ? &v->data : NULL;
}
EXPORT_SYMBOL_GPL(dynamos_shadow_get);

/**
 * dynamos_shadow_get_or_alloc() - the value, created (zero) if there is none
 * @key:	the field's key
 * @obj:	the object
 *
 * Allocates with GFP_KERNEL where the caller may sleep, GFP_ATOMIC under a
 * spinlock, with interrupts or preemption off or inside an RCU read-side
 * section; never in NMI.
 * Return: the value's address; NULL in NMI, when the allocation failed or
 * when the field's update is neither enabled nor draining.
 */
void *dynamos_shadow_get_or_alloc(const void *key, const void *obj)
{
	struct dynamos_shadow_value *v, *old;
	struct dynamos_shadow_field *f;
	unsigned long flags;
	gfp_t gfp;

	v = dynamos_shadow_get(key, obj);
	if (v || !obj)
		return v;

	rcu_read_lock_sched_notrace();
	f = dynamos_shadow_field(key);
	if (!f || !READ_ONCE(f->active)) {
		rcu_read_unlock_sched_notrace();
		return NULL;
	}
	if (in_nmi()) {
		atomic_long_inc(&f->failed);
		rcu_read_unlock_sched_notrace();
		return NULL;
	}
	rcu_read_unlock_sched_notrace();

	gfp = preemptible() && !rcu_preempt_depth() ? GFP_KERNEL : GFP_ATOMIC;
	v = kzalloc(sizeof(*v), gfp | __GFP_NOWARN);

	spin_lock_irqsave(&dynamos_shadow_lock, flags);
	/* The field may have stopped meanwhile: look again under the lock. */
	f = dynamos_shadow_field(key);
	if (!f || !f->active) {
		spin_unlock_irqrestore(&dynamos_shadow_lock, flags);
		kfree(v);
		return NULL;
	}
	if (!v) {
		atomic_long_inc(&f->failed);
		spin_unlock_irqrestore(&dynamos_shadow_lock, flags);
		return NULL;
	}
	old = dynamos_shadow_find(f->group, obj);
	if (old) {
		/* Created concurrently: the first one wins. */
		spin_unlock_irqrestore(&dynamos_shadow_lock, flags);
		kfree(v);
		return &old->data;
	}
	v->obj = obj;
	v->field = f;
	hash_add_rcu(dynamos_shadow_values, &v->node, (unsigned long)obj);
	atomic_long_inc(&f->live);
	atomic_long_inc(&f->allocated);
	spin_unlock_irqrestore(&dynamos_shadow_lock, flags);
	return &v->data;
}
EXPORT_SYMBOL_GPL(dynamos_shadow_get_or_alloc);

/**
 * dynamos_shadow_free() - drop an object's value of a shadow field
 * @key:	the field's key
 * @obj:	the object
 *
 * Context: any but NMI.
 */
void dynamos_shadow_free(const void *key, const void *obj)
{
	struct dynamos_shadow_value *v;
	unsigned long flags;

	spin_lock_irqsave(&dynamos_shadow_lock, flags);
	v = dynamos_shadow_lookup(key, obj);
	if (v)
		dynamos_shadow_drop(v, &v->field->freed_revert);
	spin_unlock_irqrestore(&dynamos_shadow_lock, flags);
}
EXPORT_SYMBOL_GPL(dynamos_shadow_free);

/*
 * The free hook: the object in the first argument is being freed; drop its
 * values of every field whose objects this function frees.  Runs in the
 * freeing function's context (free_task(): process context, or an RCU
 * callback).
 */
static void notrace dynamos_free_hook_handler(unsigned long ip,
					      unsigned long parent_ip,
					      struct ftrace_ops *ops,
					      struct ftrace_regs *fregs)
{
	struct dynamos_free_hook *h = container_of(ops, struct dynamos_free_hook, ops);
	const void *obj = (const void *)fregs->regs.di;
	struct dynamos_shadow_value *v;
	struct hlist_node *tmp;
	unsigned long flags;
	int bit;

	bit = ftrace_test_recursion_trylock(ip, parent_ip);
	if (bit < 0)
		return;
	spin_lock_irqsave(&dynamos_shadow_lock, flags);
	hash_for_each_possible_safe(dynamos_shadow_values, v, tmp, node,
				    (unsigned long)obj)
		if (v->obj == obj && v->field->hook == h)
			dynamos_shadow_drop(v, &v->field->freed_object);
	spin_unlock_irqrestore(&dynamos_shadow_lock, flags);
	ftrace_test_recursion_unlock(bit);
}

/* A hook on the function at @addr, shared, or a new one (dynamos_mutex). */
static struct dynamos_free_hook *dynamos_free_hook_get(unsigned long addr,
						       const char *name)
{
	struct dynamos_free_hook *h;
	unsigned long ip = ftrace_location(addr);
	int ret;

	if (!ip) {
		pr_err("cannot hook %s: it has no ftrace call site\n", name);
		return ERR_PTR(-EINVAL);
	}
	list_for_each_entry(h, &dynamos_free_hooks, node) {
		if (h->ip == ip) {
			h->users++;
			return h;
		}
	}
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return ERR_PTR(-ENOMEM);
	h->ip = ip;
	h->users = 1;
	h->ops.func = dynamos_free_hook_handler;
	h->ops.flags = FTRACE_OPS_FL_DYNAMIC;
	ret = ftrace_set_filter_ip(&h->ops, ip, 0, 0);
	if (!ret)
		ret = register_ftrace_function(&h->ops);
	if (ret) {
		pr_err("cannot hook %s to free shadow values with its objects: %d\n",
		       name, ret);
		ftrace_free_filter(&h->ops);
		kfree(h);
		return ERR_PTR(ret);
	}
	list_add(&h->node, &dynamos_free_hooks);
	return h;
}

/* Drop a use of @h; the last one unregisters it (dynamos_mutex). */
static void dynamos_free_hook_put(struct dynamos_free_hook *h)
{
	if (--h->users)
		return;
	list_del(&h->node);
	/* Waits until no CPU runs the handler. */
	unregister_ftrace_function(&h->ops);
	ftrace_free_filter(&h->ops);
	kfree(h);
}

/**
 * dynamos_shadows_init() - an update's shadow fields, at registration
 * @u:	the update
 *
 * Checks that each field's @freed_by is the function at @free_addr and
 * makes the fields' keys known (no value can be created before an enable).
 * Return: 0, -EINVAL (logged) or -ENOMEM.
 */
int dynamos_shadows_init(struct dynamos_rt_update *u)
{
	const struct dynamos_update *d = u->desc;
	char found[KSYM_SYMBOL_LEN];
	struct dynamos_shadow_field *f;
	unsigned long flags;
	unsigned int i;

	if (!d->nr_shadows)
		return 0;
	u->shadows = kcalloc(d->nr_shadows, sizeof(*u->shadows), GFP_KERNEL);
	if (!u->shadows)
		return -ENOMEM;
	for (i = 0; i < d->nr_shadows; i++) {
		const struct dynamos_shadow *s = &d->shadows[i];

		sprint_symbol(found, s->free_addr);
		if (!dynamos_symbol_matches(found, s->freed_by, NULL, s->free_addr, 0)) {
			pr_err("%s: image mismatch: shadow %s is freed by %s+0x0, found %s\n",
			       d->name, s->name, s->freed_by, found);
			return -EINVAL;
		}
		f = kzalloc(sizeof(*f), GFP_KERNEL);
		if (!f)
			return -ENOMEM;
		f->key = &u->copy->shadow_keys[i];
		f->desc = s;
		f->u = u;
		f->group = atomic64_inc_return(&dynamos_shadow_groups);
		u->shadows[i] = f;
		u->nr_shadows++;
		spin_lock_irqsave(&dynamos_shadow_lock, flags);
		hash_add_rcu(dynamos_shadow_fields, &f->node, (unsigned long)f->key);
		spin_unlock_irqrestore(&dynamos_shadow_lock, flags);
	}
	return 0;
}

/* @old's field named as @f, if it is active, or NULL (dynamos_mutex). */
static struct dynamos_shadow_field *
dynamos_shadow_heir_of(const struct dynamos_rt_update *old,
		       const struct dynamos_shadow_field *f)
{
	unsigned int i;

	for (i = 0; old && i < old->nr_shadows; i++) {
		struct dynamos_shadow_field *o = old->shadows[i];

		if (strcmp(o->desc->name, f->desc->name) || !o->active)
			continue;
		if (strcmp(o->desc->type, f->desc->type)) {
			/* The compiler refuses this (E0130): modules of other builds. */
			pr_warn("%s: shadow %s is %s, %s's is %s: its values are not handed over\n",
				f->u->desc->name, f->desc->name, f->desc->type,
				old->desc->name, o->desc->type);
			return NULL;
		}
		return o;
	}
	return NULL;
}

/**
 * dynamos_shadows_start() - let values be created: hook the free functions
 * @u:		the update being enabled (before its activate hook and switch)
 * @old:	the update @u takes over from (takeover.c), or NULL
 *
 * Each field of @u that @old declares too (same name and type), active,
 * joins the group of @old's field: the values @old's code set are @u's from
 * here on, and those @u's code sets are @old's until @old has drained.  A
 * field already active (@u re-enabled while draining) keeps its values and
 * joins no group.
 * Context: process context, dynamos_mutex held.
 * Return: 0, or the error of a hook that could not be registered (the
 * hooks already registered are removed again).
 */
int dynamos_shadows_start(struct dynamos_rt_update *u,
			  const struct dynamos_rt_update *old)
{
	struct dynamos_shadow_field *o;
	struct dynamos_free_hook *h;
	unsigned long flags;
	unsigned int i;

	lockdep_assert_held(&dynamos_mutex);
	for (i = 0; i < u->nr_shadows; i++) {
		struct dynamos_shadow_field *f = u->shadows[i];

		if (f->active)
			continue;	/* re-enabled while draining */
		/* The free hook first: values may reach @f once it is active. */
		h = dynamos_free_hook_get(f->desc->free_addr, f->desc->freed_by);
		if (IS_ERR(h)) {
			dynamos_shadows_stop(u);
			return PTR_ERR(h);
		}
		f->hook = h;
		o = dynamos_shadow_heir_of(old, f);
		spin_lock_irqsave(&dynamos_shadow_lock, flags);
		/* @f has no value: it stopped, or never started. */
		if (o)
			WRITE_ONCE(f->group, o->group);
		WRITE_ONCE(f->active, true);
		spin_unlock_irqrestore(&dynamos_shadow_lock, flags);
		if (o)
			pr_info("%s: shadow %s shares the %ld values of %s's\n",
				u->desc->name, f->desc->name,
				atomic_long_read(&o->live), old->desc->name);
	}
	return 0;
}

/*
 * The field to hand @f's values to as it stops: an active field of its
 * group, preferably of an enabled update, or NULL.  dynamos_shadow_lock held.
 */
static struct dynamos_shadow_field *
dynamos_shadow_heir(const struct dynamos_shadow_field *f)
{
	struct dynamos_shadow_field *g, *heir = NULL;
	unsigned int bkt;

	hash_for_each(dynamos_shadow_fields, bkt, g, node) {
		if (g == f || g->group != f->group || !g->active)
			continue;
		if (READ_ONCE(g->u->state) == DYNAMOS_ENABLED)
			return g;
		heir = g;
	}
	return heir;
}

/**
 * dynamos_shadows_stop() - free every value of the update's fields
 * @u:	the update, whose revert has drained (or whose enable failed, or
 *	which is being removed): no task runs its code
 *
 * Context: process context, dynamos_mutex held.
 */
void dynamos_shadows_stop(struct dynamos_rt_update *u)
{
	struct dynamos_shadow_value *v;
	struct hlist_node *tmp;
	unsigned long flags;
	unsigned int i, bkt;

	lockdep_assert_held(&dynamos_mutex);
	for (i = 0; i < u->nr_shadows; i++) {
		struct dynamos_shadow_field *f = u->shadows[i];
		struct dynamos_shadow_field *heir;
		long freed = 0, handed = 0;

		if (!f->active)
			continue;
		spin_lock_irqsave(&dynamos_shadow_lock, flags);
		WRITE_ONCE(f->active, false);
		heir = dynamos_shadow_heir(f);
		hash_for_each_safe(dynamos_shadow_values, bkt, tmp, v, node) {
			if (v->field != f)
				continue;
			if (heir) {
				/* Same group: every lookup finds it before and after. */
				WRITE_ONCE(v->field, heir);
				atomic_long_dec(&f->live);
				atomic_long_inc(&f->handed_over);
				atomic_long_inc(&heir->live);
				atomic_long_inc(&heir->taken_over);
				handed++;
			} else {
				dynamos_shadow_drop(v, &f->freed_revert);
				freed++;
			}
		}
		spin_unlock_irqrestore(&dynamos_shadow_lock, flags);
		/* The heir's own hook frees the values handed over from here on. */
		dynamos_free_hook_put(f->hook);
		f->hook = NULL;
		if (heir) {
			/* A lock-free reader may still hold a value as @f's. */
			synchronize_rcu();
			pr_info("%s: shadow %s: %ld values handed over to %s\n",
				u->desc->name, f->desc->name, handed,
				heir->u->desc->name);
		}
		/* Out of the group: values it creates after a re-enable are its own. */
		spin_lock_irqsave(&dynamos_shadow_lock, flags);
		WRITE_ONCE(f->group, atomic64_inc_return(&dynamos_shadow_groups));
		spin_unlock_irqrestore(&dynamos_shadow_lock, flags);
		pr_info("%s: shadow %s: %ld values freed at revert, %ld with their objects, %ld allocated, %ld failed, %ld handed over, %ld taken over\n",
			u->desc->name, f->desc->name, freed,
			atomic_long_read(&f->freed_object),
			atomic_long_read(&f->allocated),
			atomic_long_read(&f->failed),
			atomic_long_read(&f->handed_over),
			atomic_long_read(&f->taken_over));
	}
}

/**
 * dynamos_shadows_free() - forget the update's fields, at unregistration
 * @u:	the update, stopped
 */
void dynamos_shadows_free(struct dynamos_rt_update *u)
{
	unsigned long flags;
	unsigned int i;

	if (!u->nr_shadows) {
		kfree(u->shadows);
		return;
	}
	spin_lock_irqsave(&dynamos_shadow_lock, flags);
	for (i = 0; i < u->nr_shadows; i++)
		hash_del_rcu(&u->shadows[i]->node);
	spin_unlock_irqrestore(&dynamos_shadow_lock, flags);
	/* Lock-free readers run with preemption off (rcu_read_lock_sched). */
	synchronize_rcu();
	for (i = 0; i < u->nr_shadows; i++)
		kfree(u->shadows[i]);
	kfree(u->shadows);
	u->shadows = NULL;
	u->nr_shadows = 0;
}

/* /sys/kernel/dynamos/<update>/shadows/<STRUCT.FIELD> */
static ssize_t dynamos_shadow_show(struct kobject *kobj,
				   struct kobj_attribute *attr, char *buf)
{
	struct dynamos_shadow_field *f =
		container_of(attr, struct dynamos_shadow_field, attr);

	return sysfs_emit(buf, "live %ld allocated %ld freed-with-object %ld freed-at-revert %ld failed %ld handed-over %ld taken-over %ld\n",
			  atomic_long_read(&f->live),
			  atomic_long_read(&f->allocated),
			  atomic_long_read(&f->freed_object),
			  atomic_long_read(&f->freed_revert),
			  atomic_long_read(&f->failed),
			  atomic_long_read(&f->handed_over),
			  atomic_long_read(&f->taken_over));
}

/**
 * dynamos_shadows_sysfs() - create /sys/kernel/dynamos/<update>/shadows/
 * @u:	the update
 *
 * Removed with the update's other files (dynamos_sysfs_put_update()).
 * Return: 0 or -errno.
 */
int dynamos_shadows_sysfs(struct dynamos_rt_update *u)
{
	unsigned int i;
	int ret;

	if (!u->nr_shadows)
		return 0;
	u->shadows_kobj = kobject_create_and_add("shadows", &u->kobj);
	if (!u->shadows_kobj)
		return -ENOMEM;
	for (i = 0; i < u->nr_shadows; i++) {
		struct dynamos_shadow_field *f = u->shadows[i];

		sysfs_attr_init(&f->attr.attr);
		f->attr.attr.name = f->desc->name;
		f->attr.attr.mode = 0400;
		f->attr.show = dynamos_shadow_show;
		ret = sysfs_create_file(u->shadows_kobj, &f->attr.attr);
		if (ret)
			return ret;
	}
	return 0;
}
