/* SPDX-License-Identifier: GPL-2.0 */
/*
 * takeover.h - private to the core: cumulative updates (takeover.c)
 */
#ifndef _DYNAMOS_TAKEOVER_H
#define _DYNAMOS_TAKEOVER_H

struct dynamos_rt_update;

struct dynamos_rt_update *dynamos_takeover_from(struct dynamos_rt_update *u);
int dynamos_takeover(struct dynamos_rt_update *u, struct dynamos_rt_update *old);

#endif /* _DYNAMOS_TAKEOVER_H */
