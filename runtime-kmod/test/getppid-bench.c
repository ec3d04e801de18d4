// SPDX-License-Identifier: GPL-2.0
/*
 * getppid-bench.c - time N getppid() system calls (guest side of
 * run-qemu.sh --overhead).  Under QEMU -icount shift=0,sleep=off the guest
 * clock advances 1 ns per instruction, so the result is instructions per
 * call, the same on every run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long i, n = argc > 1 ? atol(argv[1]) : 100000;
	struct timespec a, b;
	double ns;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ns = (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
	printf("%.1f\n", ns / n);
	return 0;
}
