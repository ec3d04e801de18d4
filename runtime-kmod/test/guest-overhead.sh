#!/bin/sh
# guest-overhead.sh - /init for run-qemu.sh --overhead (busybox sh).
#
# Under QEMU -icount shift=0,sleep=off, 1 ns of guest time is one
# instruction: measures the instructions per getppid() system call with
# the original, redirected by dynamos to an identical copy, and patched by
# livepatch to the same copy.  Prints "OVERHEAD base=... dynamos=...
# livepatch=..." (best of 3 runs of 100000 calls each).

. /lib/dynamos/guest-lib.sh

U=$D/getppid_copy
LP=/sys/kernel/livepatch/livepatch_test_getppid

bench() {
	for i in 1 2 3; do /bin/getppid-bench 100000; done |
		awk 'NR == 1 || $1 < min { min = $1 } END { print min }'
}

echo "GUEST START: $(nproc) CPUs"
need "insmod dynamos.ko" insmod $M/dynamos.ko
need "insmod getppid copy" insmod $M/dynamos-test-getppid.ko

base=$(bench)

need "enable the copy" sh -c "echo 1 > $U/enabled"
dyn=$(bench)
check "every call was redirected" \
	[ "$(cat $U/functions/__x64_sys_getppid/calls)" -ge 300000 ]
check "revert" sh -c "echo 0 > $U/enabled"
check "drain" wait_for 10 is $U/transition 0

need "insmod livepatch on getppid" insmod $M/livepatch-test-getppid.ko
check "livepatch transition completes" wait_for 30 is $LP/transition 0
klp=$(bench)
check "disable the livepatch" sh -c "echo 0 > $LP/enabled"
check "livepatch disabled" wait_for 30 test ! -e $LP

echo "OVERHEAD base=$base dynamos=$dyn livepatch=$klp (instructions per getppid call)"
echo "GUEST DONE: failed=$failed"
poweroff -f
