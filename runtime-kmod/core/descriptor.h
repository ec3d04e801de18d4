/* SPDX-License-Identifier: GPL-2.0 */
/*
 * descriptor.h - private to the core: its own copy of an update module's
 * descriptor (descriptor.c)
 */
#ifndef _DYNAMOS_DESCRIPTOR_H
#define _DYNAMOS_DESCRIPTOR_H

#include <dynamos/update.h>

/**
 * struct dynamos_desc - what the core keeps of a registered descriptor
 * @update:	a deep copy, allocated by the core: names, version tables,
 *		monitors and safe points are the core's own; @update.knobs
 *		is the core's copy of name, type, range and default
 * @knob_values: the @value field of each knob in the update module, the
 *		one word of the module's descriptor the core keeps using
 *		(the module's predicates read it, sysfs writes it)
 * @phases:	a multi-phase update's phases, each a descriptor of its own
 *		named <update>.<phase>; registration hands each to the phase's
 *		run-time update, which frees it (and sets the entry NULL)
 * @nr_phases:	entries in @phases
 * @phase_name:	a phase's own name, the end of @update.name
 * @shadow_keys: the update module's shadow table: the address of entry i
 *		is shadow field i's key, never dereferenced (shadow.c)
 */
struct dynamos_desc {
	struct dynamos_update update;
	u64 **knob_values;
	struct dynamos_desc **phases;
	unsigned int nr_phases;
	const char *phase_name;
	const struct dynamos_shadow *shadow_keys;
};

struct dynamos_desc *dynamos_desc_copy(const struct dynamos_update *src);
void dynamos_desc_free(struct dynamos_desc *d);

#endif /* _DYNAMOS_DESCRIPTOR_H */
