/* SPDX-License-Identifier: GPL-2.0 */
/*
 * transfer.h - private to the core: state transfer hooks (transfer.c)
 */
#ifndef _DYNAMOS_TRANSFER_H
#define _DYNAMOS_TRANSFER_H

#include <linux/types.h>

struct dynamos_rt_update;

int dynamos_transfer_activate(struct dynamos_rt_update *u);
void dynamos_transfer_revert(struct dynamos_rt_update *u);
int dynamos_transfer_migrate(struct dynamos_rt_update *u, bool forward,
			     unsigned int *failed);
void dynamos_transfer_report(struct dynamos_rt_update *u, bool forward,
			     unsigned int failed, int ret);

#endif /* _DYNAMOS_TRANSFER_H */
