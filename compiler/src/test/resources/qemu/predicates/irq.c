// SPDX-License-Identifier: GPL-2.0
/*
 * int_sqrt as lib/math/int_sqrt.c computes it, in three versions that count
 * the calls they get from hard interrupt context with the irq_caller
 * fixture's argument (module parameters of irq_pred).
 */
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/moduleparam.h>
#include <linux/preempt.h>

#define IRQ_CALLER_ARG 1234567UL

static atomic_t task_irq = ATOMIC_INIT(0), force_irq = ATOMIC_INIT(0), knob_irq = ATOMIC_INIT(0);
module_param_named(task_irq, task_irq.counter, int, 0400);
module_param_named(force_irq, force_irq.counter, int, 0400);
module_param_named(knob_irq, knob_irq.counter, int, 0400);

static unsigned long sqrt_counted(unsigned long x, atomic_t *irq_calls)
{
	unsigned long b, m, y = 0;

	if (x == IRQ_CALLER_ARG && in_hardirq())
		atomic_inc(irq_calls);
	if (x <= 1)
		return x;
	m = 1UL << (__fls(x) & ~1UL);
	while (m != 0) {
		b = y + m;
		y >>= 1;
		if (x >= b) {
			x -= b;
			y += m;
		}
		m >>= 2;
	}
	return y;
}

unsigned long int_sqrt_task(unsigned long x)
{
	return sqrt_counted(x, &task_irq);
}

unsigned long int_sqrt_force(unsigned long x)
{
	return sqrt_counted(x, &force_irq);
}

unsigned long int_sqrt_knob(unsigned long x)
{
	return sqrt_counted(x, &knob_irq);
}
