#!/bin/sh
# guest-overhead.sh - /init for run-qemu.sh --overhead (busybox sh).
#
# Under QEMU -icount shift=0,sleep=off, 1 ns of guest time is one
# instruction.  Measures the instructions per getppid() system call:
#   base        the kernel's own
#   dynamos     redirected by dynamos to an identical copy (unconditional)
#   livepatch   patched by livepatch to the same copy
#   pred-true   a predicate (comm and a knob) holds: the copy runs
#   pred-false  the predicate fails: the original runs
#   stacked     the predicate update, failing, on top of the unconditional
#               one: two layers, the copy runs
#   monitored   a monitor (kretprobe: calls counted and timed) on it
# (best of 3 runs of 100000 calls each), and the time from `echo 1 >
# enabled` to live (the core logs it) for an update of 1 and of 10
# functions.

. /lib/dynamos/guest-lib.sh

U=$D/getppid_copy
P=$D/getppid_pred
T=$D/ten_functions
LP=/sys/kernel/livepatch/livepatch_test_getppid

bench() {
	for i in 1 2 3; do /bin/getppid-bench 100000; done |
		awk 'NR == 1 || $1 < min { min = $1 } END { print min }'
}
# live_ns UPDATE: the enable-to-live time the core logged last for UPDATE
live_ns() {
	dmesg | grep "$1: enabled:" | tail -1 | sed 's/.*live after \([0-9]*\) ns.*/\1/'
}

echo "GUEST START: $(nproc) CPUs"
need "insmod dynamos.ko" insmod $M/dynamos.ko
need "insmod getppid copy" insmod $M/dynamos-test-getppid.ko
need "insmod getppid behind a predicate" insmod $M/dynamos-test-getppid-pred.ko
need "insmod ten functions" insmod $M/dynamos-test-ten.ko

base=$(bench)

need "enable the copy" sh -c "echo 1 > $U/enabled"
live1=$(live_ns getppid_copy)
dyn=$(bench)
check "every call was redirected" \
	[ "$(cat $U/functions/__x64_sys_getppid/calls)" -ge 300000 ]

need "stack the predicate update on it, predicate failing" \
	sh -c "echo 0 > $P/knobs/on && echo 1 > $P/enabled"
stacked=$(bench)
check "the predicate update passed every call below" \
	sh -c "grep -q '^original [1-9][0-9]\{5\}' $P/functions/__x64_sys_getppid/versions"
check "revert both" sh -c "echo 0 > $P/enabled && echo 0 > $U/enabled"
check "drain" wait_for 10 sh -c "is $U/transition 0 && is $P/transition 0"

need "enable the predicate update alone" sh -c "echo 1 > $P/enabled"
pfalse=$(bench)
check "knob on" sh -c "echo 1 > $P/knobs/on"
ptrue=$(bench)
check "the predicate chose the copy 300000 times" \
	sh -c "grep -q '^copy [3-9][0-9]\{5\}' $P/functions/__x64_sys_getppid/versions"
check "revert" sh -c "echo 0 > $P/enabled"
check "drain" wait_for 10 is $P/transition 0

need "enable ten functions" sh -c "echo 1 > $T/enabled"
live10=$(live_ns ten_functions)
check "getpid still right" [ "$(sh -c 'echo $$')" -gt 1 ]
check "revert ten" sh -c "echo 0 > $T/enabled"

need "insmod livepatch on getppid" insmod $M/livepatch-test-getppid.ko
check "livepatch transition completes" wait_for 30 is $LP/transition 0
klp=$(bench)
check "disable the livepatch" sh -c "echo 0 > $LP/enabled"
check "livepatch disabled" wait_for 30 test ! -e $LP

# --- a monitor: counting and timing every call (the paper's Table 1) ---------------
need "insmod getppid monitor" insmod $M/dynamos-test-monitor.ko
need "enable the monitor" sh -c "echo 1 > $D/getppid_monitor/enabled"
monitored=$(bench)
check "the monitor counted every call" \
	[ "$(cat $D/getppid_monitor/monitors/__x64_sys_getppid/calls)" -ge 300000 ]
mon_ns=$(cat $D/getppid_monitor/monitors/__x64_sys_getppid/total_ns)
mon_calls=$(cat $D/getppid_monitor/monitors/__x64_sys_getppid/calls)
check "disable the monitor" sh -c "echo 0 > $D/getppid_monitor/enabled"

# --- safe points: the pause of stop_machine() and the cost of drained counting ---
# pause UPDATE DIR: "pause N ns (M tasks checked in K ns)" the core logged last
pause() {
	dmesg | grep "$1: $2: safe point reached" | tail -1 |
		sed 's/.*after \([0-9]*\) attempts* in [0-9]* ns; pause \([0-9]*\) ns (\([0-9]*\) tasks checked in \([0-9]*\) ns).*/\2 (\1 attempts, \3 tasks walked in \4)/'
}
need "insmod group" insmod $M/dynamos-test-group.ko
need "enable group_quiet (idle)" sh -c "echo 1 > $D/group_quiet/enabled"
quiet_idle=$(pause group_quiet enable)
check "revert group_quiet (idle)" sh -c "echo 0 > $D/group_quiet/enabled"
revert_idle=$(pause group_quiet revert)
/bin/getppid-bench 1000000000 > /dev/null &
loader=$!
sleep 0.2
need "enable group_quiet (getppid loop)" sh -c "echo 1 > $D/group_quiet/enabled"
quiet_load=$(pause group_quiet enable)
check "revert group_quiet (getppid loop)" sh -c "echo 0 > $D/group_quiet/enabled"
kill $loader; wait $loader 2>/dev/null
need "enable group_now" sh -c "echo 1 > $D/group_now/enabled"
group_now=$(bench)
check "revert group_now" sh -c "echo 0 > $D/group_now/enabled"
check "drain" wait_for 10 is $D/group_now/transition 0
need "enable group_drained" sh -c "echo 1 > $D/group_drained/enabled"
group_drained=$(bench)
check "revert group_drained (counters)" sh -c "echo 0 > $D/group_drained/enabled"
drained_revert=$(pause group_drained revert)

echo "SAFEPOINT quiescent pause: enable idle $quiet_idle, revert idle $revert_idle, enable under a getppid loop $quiet_load (instructions under icount)"
echo "SAFEPOINT drained: getppid through 2 replaced functions $group_now, with drained counting $group_drained (instructions per call); revert by counters: pause $drained_revert"
echo "OVERHEAD base=$base dynamos=$dyn livepatch=$klp (instructions per getppid call)"
echo "OVERHEAD pred-true=$ptrue pred-false=$pfalse stacked=$stacked (instructions per getppid call)"
echo "MONITOR getppid base=$base monitored=$monitored (instructions per call); inside the monitored function: $((mon_ns / mon_calls)) per call ($mon_calls calls)"
echo "LATENCY enable-to-live: 1 function $live1 ns, 10 functions $live10 ns (instructions under icount)"
echo "GUEST DONE: failed=$failed"
poweroff -f
