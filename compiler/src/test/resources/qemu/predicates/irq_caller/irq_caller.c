// SPDX-License-Identifier: GPL-2.0
/*
 * irq_caller.c - test fixture: calls int_sqrt() from a hrtimer callback, in
 * hard interrupt context, `fires` times a millisecond apart, at module load;
 * the load returns once all calls are done.  The parameters `fired` and
 * `hardirq` tell how many calls there were, and how many in_hardirq().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/hrtimer.h>
#include <linux/kernel.h>
#include <linux/math.h>
#include <linux/module.h>

#define IRQ_CALLER_ARG 1234567UL

static int fires = 50;
module_param(fires, int, 0400);
static int fired, hardirq, wrong;
module_param(fired, int, 0400);
module_param(hardirq, int, 0400);
module_param(wrong, int, 0400);

static struct hrtimer timer;
static DECLARE_COMPLETION(done);
static volatile unsigned long arg = IRQ_CALLER_ARG;

static enum hrtimer_restart irq_caller_fire(struct hrtimer *t)
{
	if (int_sqrt(arg) != 1111)	/* 1111^2 = 1234321 <= 1234567 < 1112^2 */
		wrong++;
	hardirq += !!in_hardirq();
	if (++fired >= fires) {
		complete(&done);
		return HRTIMER_NORESTART;
	}
	hrtimer_forward_now(t, ms_to_ktime(1));
	return HRTIMER_RESTART;
}

static int __init irq_caller_init(void)
{
	hrtimer_init(&timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	timer.function = irq_caller_fire;
	hrtimer_start(&timer, ms_to_ktime(1), HRTIMER_MODE_REL_HARD);
	if (!wait_for_completion_timeout(&done, 20 * HZ)) {
		hrtimer_cancel(&timer);
		pr_err("the timer did not fire %d times\n", fires);
		return -ETIMEDOUT;
	}
	pr_info("%d calls of int_sqrt, %d in hard interrupt context, %d wrong\n", fired, hardirq, wrong);
	return 0;
}

static void __exit irq_caller_exit(void)
{
	hrtimer_cancel(&timer);
}

module_init(irq_caller_init);
module_exit(irq_caller_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("DynAMOS test fixture: int_sqrt from hard interrupt context");
