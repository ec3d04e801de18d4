// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs.c - the /sys/kernel/dynamos tree
 *
 *	/sys/kernel/dynamos/<update>/enabled		0600 1 = redirect, 0 = revert
 *	/sys/kernel/dynamos/<update>/transition		0400 1 while a revert drains or a
 *							     switch waits for its safe point
 *	/sys/kernel/dynamos/<update>/safepoint		0400 safe points, the last wait
 *	/sys/kernel/dynamos/<update>/phase		0400 multi-phase: "<on> of <n>: <last on>"
 *	/sys/kernel/dynamos/<update>/phases/<phase>/	0755 a phase: the files of an update
 *							     (its enabled refuses writes)
 *	/sys/kernel/dynamos/<update>/knobs/<knob>		0600 value, range-checked
 *	/sys/kernel/dynamos/<update>/functions/<name>/calls	0400 calls that ran a
 *							    version of the update
 *	/sys/kernel/dynamos/<update>/functions/<name>/versions	0400 "<version> <calls>"
 *							    per line
 *	/sys/kernel/dynamos/<update>/functions/<name>/override	0600 a version, or auto
 *	/sys/kernel/dynamos/<update>/functions/<name>/old_addr	0400
 *	/sys/kernel/dynamos/<update>/functions/<name>/new_addr	0400
 *	/sys/kernel/dynamos/<update>/functions/<name>/module	0400 "vmlinux", or
 *							    "<module> loaded|not loaded"
 *	/sys/kernel/dynamos/<update>/monitors/<name>/calls	0400 calls that returned
 *							    while enabled
 *	/sys/kernel/dynamos/<update>/monitors/<name>/total_ns	0400 time they spent
 *	/sys/kernel/dynamos/<update>/monitors/<name>/missed	0400 calls not timed
 *
 * One permission policy for every file: root only, 0600 if writable, 0400
 * otherwise.  What runs where, how often and how long is a side channel
 * (which version a task got tells what it did), and addresses defeat KASLR.
 *
 * Values written: integers in decimal or 0x-prefixed hexadecimal (never
 * octal), with a sign for signed knobs; booleans (enabled, bool knobs)
 * exactly 0, 1, y, n, true or false; an optional trailing newline.
 *
 * Object lifetime: a struct dynamos_rt_update lives as long as its kobject.
 * Every function kobject holds a reference on it, so the struct (which
 * embeds the function kobjects) is freed only after all of them are
 * released, whatever order the last references are dropped in.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include "dynamos.h"
#include "shadow.h"
#include "descriptor.h"
#include "phase.h"

static struct kobject *dynamos_root_kobj;

/* --- /sys/kernel/dynamos/<update>/ --- */

static struct dynamos_rt_update *to_update(struct kobject *kobj)
{
	return container_of(kobj, struct dynamos_rt_update, kobj);
}

static ssize_t enabled_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n",
			  READ_ONCE(to_update(kobj)->state) == DYNAMOS_ENABLED);
}

/**
 * dynamos_parse_bool() - parse a boolean written to a sysfs file
 * @buf:	the text written
 * @count:	its length
 * @res:	where to store the value
 *
 * Accepts exactly "0", "n", "false", "1", "y" and "true", each with an
 * optional trailing newline: kstrtobool() would also take "yes", "on",
 * "Yellow" and anything else starting with y, Y, n, N, 0 or 1.
 *
 * Return: 0, or -EINVAL for any other text.
 */
static int dynamos_parse_bool(const char *buf, size_t count, bool *res)
{
	static const char * const words[] = { "0", "n", "false", "1", "y", "true" };
	unsigned int i;

	if (count && buf[count - 1] == '\n')
		count--;
	for (i = 0; i < ARRAY_SIZE(words); i++) {
		if (strlen(words[i]) == count && !memcmp(buf, words[i], count)) {
			*res = i >= ARRAY_SIZE(words) / 2;
			return 0;
		}
	}
	return -EINVAL;
}

/*
 * The base of an integer written to a knob: 16 after "0x" or "0X" (past
 * an optional sign), else 10.  kstrto*() with base 0 would read a leading
 * 0 as octal ("010" as 8, "08" refused); with base 16 they skip the "0x".
 */
static unsigned int dynamos_int_base(const char *buf)
{
	if (*buf == '-' || *buf == '+')
		buf++;
	return buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X') ? 16 : 10;
}

static ssize_t enabled_store(struct kobject *kobj, struct kobj_attribute *attr,
			     const char *buf, size_t count)
{
	struct dynamos_rt_update *u = to_update(kobj);
	bool enable;
	int ret;

	ret = dynamos_parse_bool(buf, count, &enable);
	if (ret)
		return ret;
	if (u->parent) {
		pr_err("%s: a phase switches with its update: write to %s/enabled\n",
		       u->desc->name, u->parent->desc->name);
		return -EPERM;
	}

	ret = enable ? dynamos_enable(u) : dynamos_disable(u);
	return ret ? ret : count;
}

static ssize_t transition_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	struct dynamos_rt_update *u = to_update(kobj);

	return sysfs_emit(buf, "%d\n",
			  READ_ONCE(u->state) == DYNAMOS_DRAINING ||
			  (u->sp && READ_ONCE(u->sp->waiting)) ||
			  dynamos_phases_in_transition(u));
}

static ssize_t phase_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return dynamos_phase_show(to_update(kobj), buf);
}

static ssize_t safepoint_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	return dynamos_safepoint_show(to_update(kobj), buf);
}

static struct kobj_attribute enabled_attr = __ATTR(enabled, 0600, enabled_show, enabled_store);
static struct kobj_attribute transition_attr = __ATTR(transition, 0400, transition_show, NULL);
static struct kobj_attribute safepoint_attr = __ATTR(safepoint, 0400, safepoint_show, NULL);
/* Only in a multi-phase update's directory. */
static struct kobj_attribute phase_attr = __ATTR(phase, 0400, phase_show, NULL);

static struct attribute *dynamos_update_attrs[] = {
	&enabled_attr.attr,
	&transition_attr.attr,
	&safepoint_attr.attr,
	NULL
};
ATTRIBUTE_GROUPS(dynamos_update);

static void dynamos_update_release(struct kobject *kobj)
{
	struct dynamos_rt_update *u = to_update(kobj);
	struct dynamos_rt_func *f;

	dynamos_for_each_func(u, f)
		dynamos_versions_free(f);
	dynamos_monitors_free(u);
	dynamos_safepoints_free(u);
	dynamos_shadows_free(u);
	kfree(u->knob_attrs);
	kfree(u->phases);	/* each phase holds a reference on this kobject */
	dynamos_desc_free(u->copy);
	kfree(u);
}

static struct kobj_type dynamos_update_ktype = {
	.release = dynamos_update_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = dynamos_update_groups,
};

/* --- /sys/kernel/dynamos/<update>/functions/<name>/ --- */

static struct dynamos_rt_func *to_func(struct kobject *kobj)
{
	return container_of(kobj, struct dynamos_rt_func, kobj);
}

static ssize_t calls_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	const struct dynamos_layer *l = &to_func(kobj)->layer;
	unsigned long sum = 0;
	unsigned int i;

	for (i = 0; i < l->nr_slots; i++)
		if (l->slots[i].func)
			sum += dynamos_slot_calls(l, i);
	return sysfs_emit(buf, "%lu\n", sum);
}

static ssize_t versions_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	const struct dynamos_layer *l = &to_func(kobj)->layer;
	unsigned int i;
	int len = 0;

	for (i = 0; i < l->nr_slots; i++)
		len += sysfs_emit_at(buf, len, "%s %lu\n", l->slots[i].name,
				     dynamos_slot_calls(l, i));
	return len;
}

static ssize_t override_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	const struct dynamos_layer *l = &to_func(kobj)->layer;
	int i = READ_ONCE(l->override);

	return sysfs_emit(buf, "%s\n", i == DYNAMOS_AUTO ? "auto" : l->slots[i].name);
}

static ssize_t override_store(struct kobject *kobj, struct kobj_attribute *attr,
			      const char *buf, size_t count)
{
	struct dynamos_rt_func *f = to_func(kobj);
	struct dynamos_layer *l = &f->layer;
	char name[64];
	int i;

	if (count >= sizeof(name))
		return -EINVAL;
	memcpy(name, buf, count);
	name[count] = '\0';
	strim(name);

	if (!strcmp(name, "auto")) {
		i = DYNAMOS_AUTO;
	} else {
		i = dynamos_slot_by_name(l, name);
		if (i < 0) {
			pr_err("%s: %s has no version %s (see its versions file, or write auto)\n",
			       f->update->desc->name, f->desc->name, name);
			return -EINVAL;
		}
	}
	/* The handler reads both with READ_ONCE: the next call obeys. */
	mutex_lock(&dynamos_mutex);
	WRITE_ONCE(l->fast, 0);
	WRITE_ONCE(l->override, i);
	dynamos_fast_update(l);
	mutex_unlock(&dynamos_mutex);
	pr_info("%s: %s: %s\n", f->update->desc->name, f->desc->name,
		i == DYNAMOS_AUTO ? "each call chooses its version" : name);
	return count;
}

static ssize_t old_addr_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "0x%lx\n", READ_ONCE(to_func(kobj)->addr));
}

/* Where the original is: "vmlinux", or "<module> loaded|not loaded". */
static ssize_t module_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	struct dynamos_rt_func *f = to_func(kobj);

	if (!f->desc->objname)
		return sysfs_emit(buf, "vmlinux\n");
	return sysfs_emit(buf, "%s %s\n", f->desc->objname,
			  READ_ONCE(f->addr) ? "loaded" : "not loaded");
}

/* The first version's code (the only one of an unconditional update). */
static ssize_t new_addr_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "0x%lx\n", to_func(kobj)->layer.slots[0].func);
}

static struct kobj_attribute calls_attr = __ATTR(calls, 0400, calls_show, NULL);
static struct kobj_attribute versions_attr = __ATTR(versions, 0400, versions_show, NULL);
static struct kobj_attribute override_attr = __ATTR(override, 0600, override_show, override_store);
static struct kobj_attribute old_addr_attr = __ATTR(old_addr, 0400, old_addr_show, NULL);
static struct kobj_attribute new_addr_attr = __ATTR(new_addr, 0400, new_addr_show, NULL);
static struct kobj_attribute module_attr = __ATTR(module, 0400, module_show, NULL);

static struct attribute *dynamos_func_attrs[] = {
	&calls_attr.attr,
	&versions_attr.attr,
	&override_attr.attr,
	&old_addr_attr.attr,
	&new_addr_attr.attr,
	&module_attr.attr,
	NULL
};
ATTRIBUTE_GROUPS(dynamos_func);

static void dynamos_func_release(struct kobject *kobj)
{
	kobject_put(&to_func(kobj)->update->kobj);
}

static struct kobj_type dynamos_func_ktype = {
	.release = dynamos_func_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = dynamos_func_groups,
};

/* --- /sys/kernel/dynamos/<update>/monitors/<name>/ --- */

static struct dynamos_rt_monitor *to_monitor(struct kobject *kobj)
{
	return container_of(kobj, struct dynamos_rt_monitor, kobj);
}

static ssize_t monitor_calls_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	u64 calls, total_ns;

	dynamos_monitor_read(to_monitor(kobj), &calls, &total_ns);
	return sysfs_emit(buf, "%llu\n", calls);
}

static ssize_t monitor_total_ns_show(struct kobject *kobj,
				     struct kobj_attribute *attr, char *buf)
{
	u64 calls, total_ns;

	dynamos_monitor_read(to_monitor(kobj), &calls, &total_ns);
	return sysfs_emit(buf, "%llu\n", total_ns);
}

static ssize_t monitor_missed_show(struct kobject *kobj,
				   struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lu\n", dynamos_monitor_missed(to_monitor(kobj)));
}

static struct kobj_attribute monitor_calls_attr =
	__ATTR(calls, 0400, monitor_calls_show, NULL);
static struct kobj_attribute monitor_total_ns_attr =
	__ATTR(total_ns, 0400, monitor_total_ns_show, NULL);
static struct kobj_attribute monitor_missed_attr =
	__ATTR(missed, 0400, monitor_missed_show, NULL);

static struct attribute *dynamos_monitor_attrs[] = {
	&monitor_calls_attr.attr,
	&monitor_total_ns_attr.attr,
	&monitor_missed_attr.attr,
	NULL
};
ATTRIBUTE_GROUPS(dynamos_monitor);

static void dynamos_monitor_release(struct kobject *kobj)
{
	kobject_put(&to_monitor(kobj)->update->kobj);
}

static struct kobj_type dynamos_monitor_ktype = {
	.release = dynamos_monitor_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = dynamos_monitor_groups,
};

/* --- /sys/kernel/dynamos/<update>/knobs/<name> --- */

static struct dynamos_knob_attr *to_knob(struct kobj_attribute *attr)
{
	return container_of(attr, struct dynamos_knob_attr, attr);
}

static ssize_t knob_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	const struct dynamos_knob_attr *a = to_knob(attr);
	const struct dynamos_knob *k = a->knob;
	u64 v = READ_ONCE(*a->value);

	if (k->type >= DYNAMOS_KNOB_S8)
		return sysfs_emit(buf, "%lld\n", (s64)v);
	return sysfs_emit(buf, "%llu\n", v);
}

/*
 * Parse per type, check the range, store: predicates see the new value
 * from their next call on.  Returns -EINVAL for text that is not a value
 * of the type, -ERANGE for a value outside the knob's range.
 */
static ssize_t knob_store(struct kobject *kobj, struct kobj_attribute *attr,
			  const char *buf, size_t count)
{
	struct dynamos_knob_attr *a = to_knob(attr);
	const struct dynamos_knob *k = a->knob;
	bool b;
	s64 sv;
	u64 v;
	int ret;

	switch (k->type) {
	case DYNAMOS_KNOB_BOOL:
		ret = dynamos_parse_bool(buf, count, &b);
		v = b;
		break;
	case DYNAMOS_KNOB_S8 ... DYNAMOS_KNOB_S64:
		ret = kstrtos64(buf, dynamos_int_base(buf), &sv);
		v = (u64)sv;
		break;
	default:
		/* a minus sign is -EINVAL here */
		ret = kstrtou64(buf, dynamos_int_base(buf), &v);
		break;
	}
	if (ret)
		return ret;
	if (!dynamos_knob_in_range(k, v))
		return -ERANGE;
	WRITE_ONCE(*a->value, v);
	return count;
}

static int dynamos_sysfs_add_knobs(struct dynamos_rt_update *u)
{
	const struct dynamos_update *desc = u->desc;
	unsigned int i;
	int ret;

	if (!desc->nr_knobs)
		return 0;
	u->knob_attrs = kcalloc(desc->nr_knobs, sizeof(*u->knob_attrs),
				GFP_KERNEL);
	if (!u->knob_attrs)
		return -ENOMEM;
	u->knobs_kobj = kobject_create_and_add("knobs", &u->kobj);
	if (!u->knobs_kobj)
		return -ENOMEM;
	for (i = 0; i < desc->nr_knobs; i++) {
		struct dynamos_knob_attr *a = &u->knob_attrs[i];

		a->knob = &desc->knobs[i];
		a->value = u->copy->knob_values[i];
		sysfs_attr_init(&a->attr.attr);
		a->attr.attr.name = a->knob->name;
		a->attr.attr.mode = 0600;
		a->attr.show = knob_show;
		a->attr.store = knob_store;
		ret = sysfs_create_file(u->knobs_kobj, &a->attr.attr);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * dynamos_sysfs_init_update() - initialise the kobjects of a new update
 * @u:	the update, with @u->funcs[].update set
 *
 * From here on @u is freed only by dynamos_sysfs_put_update().
 */
void dynamos_sysfs_init_update(struct dynamos_rt_update *u)
{
	struct dynamos_rt_monitor *m;
	struct dynamos_rt_func *f;

	kobject_init(&u->kobj, &dynamos_update_ktype);
	dynamos_for_each_func(u, f) {
		kobject_init(&f->kobj, &dynamos_func_ktype);
		kobject_get(&u->kobj);
	}
	dynamos_for_each_monitor(u, m) {
		kobject_init(&m->kobj, &dynamos_monitor_ktype);
		kobject_get(&u->kobj);
	}
}

/**
 * dynamos_sysfs_add_update() - create /sys/kernel/dynamos/<update>
 * @u:	the update, initialised by dynamos_sysfs_init_update()
 *
 * On failure, whatever was created is removed by dynamos_sysfs_put_update().
 * Return: 0 or -errno.
 */
int dynamos_sysfs_add_update(struct dynamos_rt_update *u)
{
	struct dynamos_rt_monitor *m;
	struct dynamos_rt_func *f;
	int ret;

	if (u->parent)
		ret = kobject_add(&u->kobj, u->parent->phases_kobj, "%s",
				  u->copy->phase_name);
	else
		ret = kobject_add(&u->kobj, dynamos_root_kobj, "%s",
				  u->desc->name);
	if (ret)
		return ret;
	if (u->nr_phases) {
		u->phases_kobj = kobject_create_and_add("phases", &u->kobj);
		if (!u->phases_kobj)
			return -ENOMEM;
		ret = sysfs_create_file(&u->kobj, &phase_attr.attr);
		if (ret)
			return ret;
	}

	u->functions_kobj = kobject_create_and_add("functions", &u->kobj);
	if (!u->functions_kobj)
		return -ENOMEM;

	dynamos_for_each_func(u, f) {
		ret = kobject_add(&f->kobj, u->functions_kobj, "%s",
				  f->desc->name);
		if (ret)
			return ret;
	}
	if (u->nr_monitors) {
		u->monitors_kobj = kobject_create_and_add("monitors", &u->kobj);
		if (!u->monitors_kobj)
			return -ENOMEM;
		dynamos_for_each_monitor(u, m) {
			ret = kobject_add(&m->kobj, u->monitors_kobj, "%s",
					  m->desc->name);
			if (ret)
				return ret;
		}
	}
	ret = dynamos_shadows_sysfs(u);
	if (ret)
		return ret;
	return dynamos_sysfs_add_knobs(u);
}

/**
 * dynamos_sysfs_put_update() - remove an update's sysfs tree and free it
 * @u:	the update
 *
 * Removing a sysfs file waits for its readers and writers: the caller must
 * not hold dynamos_mutex, which enabled_store() takes.
 */
void dynamos_sysfs_put_update(struct dynamos_rt_update *u)
{
	struct dynamos_rt_monitor *m;
	struct dynamos_rt_func *f;

	/* Children first; the last put of u->kobj frees @u. */
	dynamos_for_each_func(u, f)
		kobject_put(&f->kobj);
	dynamos_for_each_monitor(u, m)
		kobject_put(&m->kobj);
	kobject_put(u->monitors_kobj);
	kobject_put(u->shadows_kobj);
	kobject_put(u->phases_kobj);
	kobject_put(u->knobs_kobj);
	kobject_put(u->functions_kobj);
	kobject_put(&u->kobj);
}

/**
 * dynamos_sysfs_init() - create /sys/kernel/dynamos
 * Return: 0 or -ENOMEM.
 */
int dynamos_sysfs_init(void)
{
	dynamos_root_kobj = kobject_create_and_add("dynamos", kernel_kobj);
	return dynamos_root_kobj ? 0 : -ENOMEM;
}

/**
 * dynamos_sysfs_exit() - remove /sys/kernel/dynamos
 */
void dynamos_sysfs_exit(void)
{
	kobject_put(dynamos_root_kobj);
}
