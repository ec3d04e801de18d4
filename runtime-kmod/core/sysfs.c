// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs.c - the /sys/kernel/dynamos tree
 *
 *	/sys/kernel/dynamos/<update>/enabled		rw  1 = redirect, 0 = revert
 *	/sys/kernel/dynamos/<update>/transition		ro  1 while a revert drains
 *	/sys/kernel/dynamos/<update>/functions/<name>/calls	ro  redirected calls
 *	/sys/kernel/dynamos/<update>/functions/<name>/old_addr	0400
 *	/sys/kernel/dynamos/<update>/functions/<name>/new_addr	0400
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

static ssize_t enabled_store(struct kobject *kobj, struct kobj_attribute *attr,
			     const char *buf, size_t count)
{
	struct dynamos_rt_update *u = to_update(kobj);
	bool enable;
	int ret;

	ret = kstrtobool(buf, &enable);
	if (ret)
		return ret;

	ret = enable ? dynamos_enable(u) : dynamos_disable(u);
	return ret ? ret : count;
}

static ssize_t transition_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n",
			  READ_ONCE(to_update(kobj)->state) == DYNAMOS_DRAINING);
}

static struct kobj_attribute enabled_attr = __ATTR_RW(enabled);
static struct kobj_attribute transition_attr = __ATTR_RO(transition);

static struct attribute *dynamos_update_attrs[] = {
	&enabled_attr.attr,
	&transition_attr.attr,
	NULL
};
ATTRIBUTE_GROUPS(dynamos_update);

static void dynamos_update_release(struct kobject *kobj)
{
	struct dynamos_rt_update *u = to_update(kobj);
	struct dynamos_rt_func *f;

	dynamos_for_each_func(u, f)
		free_percpu(f->calls);
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
	struct dynamos_rt_func *f = to_func(kobj);
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += *per_cpu_ptr(f->calls, cpu);
	return sysfs_emit(buf, "%lu\n", sum);
}

static ssize_t old_addr_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "0x%lx\n", to_func(kobj)->desc->old_addr);
}

static ssize_t new_addr_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "0x%lx\n", to_func(kobj)->new_func);
}

static struct kobj_attribute calls_attr = __ATTR_RO(calls);
/* Kernel addresses defeat KASLR: root only. */
static struct kobj_attribute old_addr_attr = __ATTR(old_addr, 0400, old_addr_show, NULL);
static struct kobj_attribute new_addr_attr = __ATTR(new_addr, 0400, new_addr_show, NULL);

static struct attribute *dynamos_func_attrs[] = {
	&calls_attr.attr,
	&old_addr_attr.attr,
	&new_addr_attr.attr,
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

/**
 * dynamos_sysfs_init_update() - initialise the kobjects of a new update
 * @u:	the update, with @u->funcs[].update set
 *
 * From here on @u is freed only by dynamos_sysfs_put_update().
 */
void dynamos_sysfs_init_update(struct dynamos_rt_update *u)
{
	struct dynamos_rt_func *f;

	kobject_init(&u->kobj, &dynamos_update_ktype);
	dynamos_for_each_func(u, f) {
		kobject_init(&f->kobj, &dynamos_func_ktype);
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
	struct dynamos_rt_func *f;
	int ret;

	ret = kobject_add(&u->kobj, dynamos_root_kobj, "%s", u->desc->name);
	if (ret)
		return ret;

	u->functions_kobj = kobject_create_and_add("functions", &u->kobj);
	if (!u->functions_kobj)
		return -ENOMEM;

	dynamos_for_each_func(u, f) {
		ret = kobject_add(&f->kobj, u->functions_kobj, "%s",
				  f->desc->name);
		if (ret)
			return ret;
	}
	return 0;
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
	struct dynamos_rt_func *f;

	/* Children first; the last put of u->kobj frees @u. */
	dynamos_for_each_func(u, f)
		kobject_put(&f->kobj);
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
