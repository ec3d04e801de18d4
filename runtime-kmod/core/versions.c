// SPDX-License-Identifier: GPL-2.0
/*
 * versions.c - version tables and knobs of an update, checked at
 * registration
 *
 * An update module describes each function's versions in a read-only
 * table (struct dynamos_version); from the core's copy of it (whose
 * pointers descriptor.c checked) the core builds the slots the handler
 * walks (struct dynamos_slot), with a terminating "original" entry added
 * where the table has none, and one per-CPU call counter per slot.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "dynamos.h"

static const char dynamos_original[] = "original";

static bool dynamos_valid_version_name(const char *name)
{
	return name && *name && strlen(name) < 64 && !strchr(name, '\n') &&
	       !strchr(name, ' ') && strcmp(name, "auto");
}

/* The name of the function at @addr, for an unconditional update's slot. */
static const char *dynamos_func_name(unsigned long addr)
{
	char sym[KSYM_SYMBOL_LEN];

	sprint_symbol_no_offset(sym, addr);
	/* "name [module]" */
	return kstrndup(sym, strcspn(sym, " "), GFP_KERNEL);
}

/**
 * dynamos_versions_init() - build the slots of one function
 * @f:	the function, with @f->desc and @f->update set
 *
 * Context: process context, registration.
 * Return: 0, -EINVAL if the table is malformed (logged), -ENOMEM.
 */
int dynamos_versions_init(struct dynamos_rt_func *f)
{
	const struct dynamos_func *desc = f->desc;
	struct dynamos_rt_update *u = f->update;
	const char *update = u->desc->name;
	struct dynamos_layer *l = &f->layer;
	unsigned int i, j, n = desc->versions ? desc->nr_versions : 1;
	bool has_original = false;

	l->update = u;
	l->override = DYNAMOS_AUTO;

	if (desc->versions && !desc->nr_versions) {
		pr_err("%s: %s has an empty version table\n", update, desc->name);
		return -EINVAL;
	}
	for (i = 0; desc->versions && i < n; i++) {
		const struct dynamos_version *v = &desc->versions[i];

		if (!dynamos_valid_version_name(v->name)) {
			pr_err("%s: version %u of %s has no valid name\n",
			       update, i, desc->name);
			return -EINVAL;
		}
		if (!strcmp(v->name, dynamos_original)) {
			if (v->func || v->when) {
				pr_err("%s: version \"original\" of %s must have neither code nor predicate\n",
				       update, desc->name);
				return -EINVAL;
			}
			has_original = true;
		}
		for (j = 0; j < i; j++) {
			if (!strcmp(desc->versions[j].name, v->name)) {
				pr_err("%s: %s has two versions named %s\n",
				       update, desc->name, v->name);
				return -EINVAL;
			}
		}
	}

	/* "original" ends every table and is always there to override to. */
	l->nr_slots = n + !has_original;
	l->slots = kcalloc(l->nr_slots, sizeof(*l->slots), GFP_KERNEL);
	if (!l->slots)
		return -ENOMEM;
	l->counts = __alloc_percpu(l->nr_slots * sizeof(unsigned long),
				   sizeof(unsigned long));
	if (!l->counts)
		return -ENOMEM;

	if (desc->versions) {
		for (i = 0; i < n; i++) {
			l->slots[i].name = desc->versions[i].name;
			l->slots[i].func = (unsigned long)desc->versions[i].func;
			l->slots[i].when = desc->versions[i].when;
		}
	} else {
		l->own_name = (char *)dynamos_func_name((unsigned long)desc->new_func);
		if (!l->own_name)
			return -ENOMEM;
		l->slots[0].name = l->own_name;
		l->slots[0].func = (unsigned long)desc->new_func;
	}
	if (!has_original)
		l->slots[n].name = dynamos_original;
	return 0;
}

/**
 * dynamos_versions_free() - free what dynamos_versions_init() allocated
 * @f:	the function, its layer unlinked for good
 */
void dynamos_versions_free(struct dynamos_rt_func *f)
{
	struct dynamos_layer *l = &f->layer;

	kfree(l->own_name);
	kfree(l->slots);
	free_percpu(l->counts);
}

/**
 * dynamos_slot_by_name() - the slot of a version
 * @l:		the layer
 * @name:	a version name
 * Return: its index, or -ENOENT.
 */
int dynamos_slot_by_name(const struct dynamos_layer *l, const char *name)
{
	unsigned int i;

	for (i = 0; i < l->nr_slots; i++)
		if (!strcmp(l->slots[i].name, name))
			return i;
	return -ENOENT;
}

/**
 * dynamos_slot_calls() - calls dispatched to a slot, on all CPUs
 * @l:	the layer
 * @i:	the slot
 */
unsigned long dynamos_slot_calls(const struct dynamos_layer *l, unsigned int i)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu_ptr(l->counts, cpu)[i];
	return sum;
}

static bool dynamos_knob_signed(enum dynamos_knob_type type)
{
	return type >= DYNAMOS_KNOB_S8;
}

/*
 * Is @v within @k's range?  Raw bits, compared as signed for the signed
 * types.
 */
bool dynamos_knob_in_range(const struct dynamos_knob *k, u64 v)
{
	if (dynamos_knob_signed(k->type))
		return (s64)v >= (s64)k->min && (s64)v <= (s64)k->max;
	return v >= k->min && v <= k->max;
}

/* Does the range of @k fit its type? */
static bool dynamos_knob_type_fits(const struct dynamos_knob *k)
{
	static const unsigned int bits[] = {
		[DYNAMOS_KNOB_BOOL] = 1,
		[DYNAMOS_KNOB_U8] = 8, [DYNAMOS_KNOB_U16] = 16,
		[DYNAMOS_KNOB_U32] = 32, [DYNAMOS_KNOB_U64] = 64,
		[DYNAMOS_KNOB_S8] = 8, [DYNAMOS_KNOB_S16] = 16,
		[DYNAMOS_KNOB_S32] = 32, [DYNAMOS_KNOB_S64] = 64,
	};
	unsigned int b = bits[k->type];

	if (b == 64)
		return true;
	if (dynamos_knob_signed(k->type))
		return (s64)k->min >= -(1LL << (b - 1)) &&
		       (s64)k->max < (1LL << (b - 1));
	return k->max < (1ULL << b);
}

/**
 * dynamos_knobs_check() - check an update's knob table
 * @u:	the update
 * Return: 0, or -EINVAL (logged).
 */
int dynamos_knobs_check(struct dynamos_rt_update *u)
{
	const struct dynamos_update *desc = u->desc;
	unsigned int i, j;

	if (desc->nr_knobs && !desc->knobs) {
		pr_err("%s: %u knobs but no knob table\n", desc->name, desc->nr_knobs);
		return -EINVAL;
	}
	for (i = 0; i < desc->nr_knobs; i++) {
		const struct dynamos_knob *k = &desc->knobs[i];

		if (!k->name || !*k->name || strchr(k->name, '/') ||
		    k->type > DYNAMOS_KNOB_S64) {
			pr_err("%s: knob %u is malformed\n", desc->name, i);
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			if (!strcmp(desc->knobs[j].name, k->name)) {
				pr_err("%s: two knobs named %s\n", desc->name, k->name);
				return -EINVAL;
			}
		}
		if (!dynamos_knob_type_fits(k) ||
		    !dynamos_knob_in_range(k, k->max) ||
		    !dynamos_knob_in_range(k, k->value)) {
			pr_err("%s: knob %s: the default is outside its range, or the range is empty\n",
			       desc->name, k->name);
			return -EINVAL;
		}
	}
	return 0;
}
