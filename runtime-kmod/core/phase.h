/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phase.h - private to the core: multi-phase updates (phase.c)
 */
#ifndef _DYNAMOS_PHASE_H
#define _DYNAMOS_PHASE_H

#include <linux/types.h>

struct dynamos_rt_update;

int dynamos_phases_create(struct dynamos_rt_update *u);
int dynamos_phases_enable(struct dynamos_rt_update *u);
int dynamos_phases_disable(struct dynamos_rt_update *u);
int dynamos_phases_disable_under(struct dynamos_rt_update *u,
				 const struct dynamos_rt_update *above);
bool dynamos_phases_in_transition(struct dynamos_rt_update *u);
void dynamos_phase_drained(struct dynamos_rt_update *p);
ssize_t dynamos_phase_show(struct dynamos_rt_update *u, char *buf);

#endif /* _DYNAMOS_PHASE_H */
