/* SPDX-License-Identifier: GPL-2.0 */
/*
 * restart.h - private to the core: kernel-thread restarts (restart.c)
 */
#ifndef _DYNAMOS_RESTART_H
#define _DYNAMOS_RESTART_H

#include <linux/types.h>

struct dynamos_rt_update;
struct dynamos_restart_req;

int dynamos_restart_init(struct dynamos_rt_update *u);
int dynamos_restart_stop(struct dynamos_rt_update *u, bool on,
			 struct dynamos_restart_req **reqp);
void dynamos_restart_start(struct dynamos_restart_req *req, bool switched);

#endif /* _DYNAMOS_RESTART_H */
