/* SPDX-License-Identifier: GPL-2.0 */
/*
 * shadow.h - private to the core: shadow fields (shadow.c)
 */
#ifndef _DYNAMOS_SHADOW_H
#define _DYNAMOS_SHADOW_H

#include <linux/types.h>

struct dynamos_rt_update;
struct dynamos_shadow_field;

int dynamos_shadows_init(struct dynamos_rt_update *u);
void dynamos_shadows_free(struct dynamos_rt_update *u);
int dynamos_shadows_start(struct dynamos_rt_update *u,
			  const struct dynamos_rt_update *old);
void dynamos_shadows_stop(struct dynamos_rt_update *u);
int dynamos_shadows_sysfs(struct dynamos_rt_update *u);

#endif /* _DYNAMOS_SHADOW_H */
