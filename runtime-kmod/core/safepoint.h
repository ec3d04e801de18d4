/* SPDX-License-Identifier: GPL-2.0 */
/*
 * safepoint.h - private declarations of the safe points (safepoint.c)
 */
#ifndef _DYNAMOS_SAFEPOINT_H
#define _DYNAMOS_SAFEPOINT_H

#include <linux/kprobes.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct dynamos_rt_update;
struct dynamos_rt_func;

/* dynamos_rt_func.sp_kinds: the safe points whose scope holds the function. */
#define DYNAMOS_SP_F_QUIESCENT	BIT(0)
#define DYNAMOS_SP_F_DRAINED	BIT(1)

/* Longest wait a descriptor may ask for, and most attempts. */
#define DYNAMOS_SP_MAX_TIMEOUT_MS	(3600U * 1000U)
#define DYNAMOS_SP_MAX_RETRIES		10000U
/* Wait when a safe point gives no timeout. */
#define DYNAMOS_SP_DEFAULT_TIMEOUT_MS	10000U

/**
 * struct dynamos_sp_counter - in-flight calls of one function (drained)
 * @krp:	kretprobe counting entries and returns while the update is
 *		enabled or switching
 * @inflight:	per-CPU entries minus returns (a call may return on
 *		another CPU: only the sum means something)
 * @registered:	@krp is registered; written under dynamos_mutex
 * @f:		the function
 */
struct dynamos_sp_counter {
	struct kretprobe krp;
	long __percpu *inflight;
	bool registered;
	struct dynamos_rt_func *f;
};

/**
 * struct dynamos_sp - an update's safe points, as the core runs them
 * @timeout_ms:	longest wait for a switch, either way
 * @retries:	quiescent: stack-check attempts within @timeout_ms
 * @nr_quiescent: functions in a quiescent scope
 * @nr_drained:	functions in a drained scope
 * @waiting:	a switch is waiting for the safe point (transition reads 1)
 * @missed:	drained counters' misses when the enable began counting
 * @last_pause_ns: how long the last successful switch stopped the machine
 * @lock:	protects @status against sysfs readers
 * @status:	one line: what the last or current wait did
 */
struct dynamos_sp {
	unsigned int timeout_ms;
	unsigned int retries;
	unsigned int nr_quiescent;
	unsigned int nr_drained;
	bool waiting;
	unsigned long missed;
	u64 last_pause_ns;
	spinlock_t lock;
	char status[200];
};

int dynamos_safepoints_init(struct dynamos_rt_update *u);
void dynamos_safepoints_free(struct dynamos_rt_update *u);
int dynamos_safepoint_switch(struct dynamos_rt_update *u, bool on);
void dynamos_safepoint_counters_stop(struct dynamos_rt_update *u);
ssize_t dynamos_safepoint_show(struct dynamos_rt_update *u, char *buf);

#endif /* _DYNAMOS_SAFEPOINT_H */
