#!/bin/sh
# guest-safepoint.sh - /init for `run-qemu.sh --safepoints` (busybox sh):
# quiescent and drained safe points in a booted guest (2 CPUs, KASLR on).
#
#   - quiescent: a reader blocked in pipe_read holds the enable (it fails
#     after the timeout with the task named, nothing switched); once it has
#     left, the enable succeeds; the same for the revert, with a reader
#     blocked in the new version;
#   - groups: two functions on one call chain switched thousands of times
#     under load: the immediate switch mixes versions within a chain, the
#     quiescent one never does;
#   - drained: the revert waits until no call is in flight, and fails
#     cleanly when one stays longer than the timeout;
#   - phases, hooks and migrations;
#   - shadow fields: allocations failed by a kretprobe on kmalloc_trace()
#     (dynamos-test-failslab; the kernel has no fault injection): counted,
#     the caller gets NULL, under 8 concurrent readers, nothing leaks;
#   - restart thread: kswapd stopped and started again running the new
#     entry and back, reclaiming under memory pressure (a RAM disk read
#     through the page cache), and a new entry that does not stop in time.

. /lib/dynamos/guest-lib.sh

echo "GUEST START: $(nproc) CPUs"
# Background jobs read /dev/null (and busybox would create a file there).
rm -f /dev/null; mknod -m 666 /dev/null c 1 3
# blocked PID FUNCTION: the task sleeps in FUNCTION
blocked() { grep -q "^$2\$" /proc/$1/wchan 2>/dev/null; }
P=/sys/module/dynamos_test_group/parameters
Q=$D/quiet_pipe

need "insmod dynamos.ko" insmod $M/dynamos.ko

# --- a malformed descriptor is refused at registration ---------------------------------
mark
check "insmod of an update whose fentry offset lies beyond its function fails" \
	sh -c "! insmod $M/dynamos-test-badfentry.ko 2>/dev/null"
check "log explains the refusal" log_has "badfentry: uptime_proc_show: its ftrace call site (+0x15e) lies outside the function"
check "nothing registered" test ! -e $D/badfentry

# --- quiescent: a task blocked in the scope holds the switch ---------------------------
need "insmod quiet_pipe" insmod $M/dynamos-test-quiescent.ko
check "safepoint file describes it" sh -c "grep -q '^quiescent, timeout 1500 ms: idle' $Q/safepoint"
mkfifo /tmp/fifo
sleep 1000 > /tmp/fifo &
holder=$!
cat /tmp/fifo > /tmp/fifo.out &
reader=$!
check "a reader sleeps in pipe_read" wait_for 10 blocked $reader pipe_read
mark
check "enable fails while a reader sleeps in pipe_read" sh -c "! echo 1 > $Q/enabled"
check "the error is ETIMEDOUT" sh -c "(echo 1 > $Q/enabled) 2>&1 | grep -q 'timed out'"
check "enabled reads 0" is $Q/enabled 0
check "transition reads 0" is $Q/transition 0
check "log names the blocking task and function" log_has "quiet_pipe: enable: task $reader (cat) is executing pipe_read+0x"
check "log says nothing switched" log_has "quiet_pipe: enable: safe point not reached after 3 attempts in .* ms; nothing switched"
check "safepoint file reports the failure" grep -q "enable: failed" $Q/safepoint
check "pipes still run the original" sh -c "echo x | cat > /dev/null; grep -q '^pipe_read_v2 0' $Q/functions/pipe_read/versions"
kill $holder
wait $reader
check "the reader left" test -e /tmp/fifo.out
mark
check "the same enable succeeds once it has left" sh -c "echo 1 > $Q/enabled"
check "enabled reads 1" is $Q/enabled 1
check "log reports the safe point" log_has "quiet_pipe: enable: safe point reached after 1 attempt in"
check "pipes run the new version" sh -c "echo x | cat > /dev/null; ! grep -q '^pipe_read_v2 0\$' $Q/functions/pipe_read/versions"

# the revert: a reader blocked in the new version
sleep 1000 > /tmp/fifo &
holder=$!
cat /tmp/fifo > /tmp/fifo.out &
reader=$!
check "a reader sleeps in pipe_read" wait_for 10 blocked $reader pipe_read
mark
check "revert fails while a reader sleeps in the new version" sh -c "! echo 0 > $Q/enabled"
check "the update stays enabled" is $Q/enabled 1
check "log names the task in the new version" log_has "quiet_pipe: revert: task $reader (cat) is executing pipe_read_v2+0x"
check "rmmod is refused" sh -c "! rmmod dynamos-test-quiescent 2>/dev/null"
kill $holder
wait $reader
check "the revert succeeds once it has left" sh -c "echo 0 > $Q/enabled"
check "it drains" wait_for 10 is $Q/transition 0
check "rmmod quiet_pipe" rmmod dynamos-test-quiescent

# --- a write to enabled interrupted by a kill: nothing switched -------------------------
check "insmod quiet_pipe again" insmod $M/dynamos-test-quiescent.ko
sleep 1000 > /tmp/fifo &
holder=$!
cat /tmp/fifo > /tmp/fifo.out &
reader=$!
check "a reader sleeps in pipe_read" wait_for 10 blocked $reader pipe_read
sh -c "echo 1 > $Q/enabled" &
writer=$!
sleep 0.3
check "transition reads 1 while the enable waits" is $Q/transition 1
check "safepoint file shows the wait" grep -q "enable: waiting, attempt" $Q/safepoint
kill -9 $writer
wait $writer 2>/dev/null
check "after the killed enable: disabled" is $Q/enabled 0
check "and not in transition" wait_for 3 is $Q/transition 0
kill $holder
wait $reader
check "rmmod quiet_pipe (after a killed enable)" rmmod dynamos-test-quiescent

# --- groups on one call chain: immediate mixes, quiescent never --------------------------
need "insmod group" insmod $M/dynamos-test-group.ko
loaders=""
for i in 1 2; do getppid-bench 2000000000 > /dev/null & loaders="$loaders $!"; done
cycle() {
	u=$1; n=$2; i=0; fails=0
	while [ $i -lt $n ]; do
		echo 1 > $D/$u/enabled || fails=$((fails + 1))
		echo 0 > $D/$u/enabled || fails=$((fails + 1))
		i=$((i + 1))
	done
	echo "$u: $n cycles, $fails writes refused"
}
n=${dynamos_group_cycles:-150}
cycle group_now $n
now_mixes=$(($(cat $P/mixes_old_b) + $(cat $P/mixes_new_b)))
now_chains=$(cat $P/chains)
echo "group_now: $now_chains chains, mixes: old B $(cat $P/mixes_old_b), new B $(cat $P/mixes_new_b)"
start=$(cat $P/chains)
before=$now_mixes
cycle group_quiet $n
quiet_mixes=$(($(cat $P/mixes_old_b) + $(cat $P/mixes_new_b) - before))
echo "group_quiet: $(($(cat $P/chains) - start)) chains, mixes $quiet_mixes"
kill $loaders
wait 2>/dev/null
check "the load ran through the group" [ "$now_chains" -gt 1000 ]
check "the immediate switch mixed versions within a chain" [ "$now_mixes" -gt 0 ]
check "the quiescent switch never did" [ "$quiet_mixes" = 0 ]
dmesg | grep "group_quiet: .*safe point reached" | tail -3
check "drain" wait_for 10 sh -c "is $D/group_now/transition 0 && is $D/group_quiet/transition 0"
check "rmmod group" rmmod dynamos-test-group

# --- drained: the revert waits for calls in flight ---------------------------------------
need "insmod drained" insmod $M/dynamos-test-drained.ko
check "enable drained" sh -c "echo 1 > $D/drained/enabled"
cat /proc/uptime > /tmp/uptime.out &
reader=$!
sleep 0.5
mark
check "revert fails while a call stays in flight past the timeout" sh -c "! echo 0 > $D/drained/enabled"
check "the update stays enabled" is $D/drained/enabled 1
check "log counts the call in flight" log_has "drained: revert: 1 call still in flight"
wait $reader
check "the reader ran the new version" grep -q "dynamos drained" /tmp/uptime.out
cat /proc/uptime > /tmp/uptime.out &
reader=$!
sleep 2.5
mark
check "revert waits for the last call (0.5 s left)" sh -c "echo 0 > $D/drained/enabled"
check "log reports the drained safe point" log_has "drained: revert: safe point reached after"
wait $reader
check "that call finished in the new version" grep -q "dynamos drained" /tmp/uptime.out
check "new calls run the original" sh -c "! grep -q dynamos /proc/uptime"
check "it drains" wait_for 10 is $D/drained/transition 0

# --- phases: on in order, each at its own safe point; a phase not reached rolls back ----
P=$D/phases
need "insmod phases" insmod $M/dynamos-test-phases.ko
check "its phases are listed" sh -c "[ \"\$(ls $P/phases | tr '\n' ' ')\" = 'final intermediate ' ]"
check "phase reads 0 of 2" is $P/phase "0 of 2"
check "a phase's enabled refuses writes" sh -c "! echo 1 > $P/phases/final/enabled 2>/dev/null"
mark
check "enable: both phases switch on" sh -c "echo 1 > $P/enabled"
check "phase reads 2 of 2: final" is $P/phase "2 of 2: final"
check "log: intermediate on before final" sh -c "dmesg | grep -o 'phases: phase [a-z]* switched on' | tail -2 | tr '\n' ' ' | \
	grep -qx 'phases: phase intermediate switched on phases: phase final switched on '"
check "cmdline runs the final version, stacked on the intermediate one" is /proc/cmdline "[dynamos phases final]"
check "uptime runs the final version" is /proc/uptime "[dynamos phases final]"
check "the intermediate phase's layer is below, passing no calls" \
	sh -c "grep -qx 'cmdline_intermediate 0' $P/phases/intermediate/functions/cmdline_proc_show/versions"
mark
check "disable: final off, then intermediate" sh -c "echo 0 > $P/enabled"
check "log: final off before intermediate" sh -c "dmesg | grep -o 'phases: phase [a-z]* switched off' | tail -2 | tr '\n' ' ' | \
	grep -qx 'phases: phase final switched off phases: phase intermediate switched off '"
check "enabled 0, phase 0 of 2, originals again" sh -c "is $P/enabled 0 && is $P/phase '0 of 2' && \
	! grep -q phases /proc/cmdline && ! grep -q phases /proc/uptime"
check "the phases drain" wait_for 10 is $P/transition 0

check "enable drained below (its version sleeps 3 s)" sh -c "echo 1 > $D/drained/enabled"
cat /proc/uptime > /tmp/uptime.out &
reader=$!
sleep 0.5
mark
check "enable fails: the final phase's drained safe point is not reached" sh -c "! echo 1 > $P/enabled"
check "log: final not on, intermediate switched off again" \
	log_has "phases: phase final did not switch on (-110): switching the 1 phase before it off again"
check "log: intermediate switched off" log_has "phases: phase intermediate switched off"
check "enabled 0, phase 0 of 2, cmdline the original" sh -c "is $P/enabled 0 && is $P/phase '0 of 2' && \
	! grep -q phases /proc/cmdline"
wait $reader
check "the reader finished in the update below" grep -q "dynamos drained" /tmp/uptime.out
check "with no call in flight the enable succeeds" sh -c "echo 1 > $P/enabled && is $P/phase '2 of 2: final'"
check "uptime: the final phase on top of drained" is /proc/uptime "[dynamos phases final]"
check "drained cannot be disabled under the phases" sh -c "! echo 0 > $D/drained/enabled 2>/dev/null"
check "disable phases, then drained" sh -c "echo 0 > $P/enabled && echo 0 > $D/drained/enabled"
check "all drain" wait_for 10 sh -c "is $P/transition 0 && is $D/drained/transition 0"
check "rmmod phases" rmmod dynamos-test-phases
check "rmmod drained" rmmod dynamos-test-drained
# --- hooks: activate before the switch, revert once the drain completes --------------
H=$D/hooks
need "insmod hooks" insmod $M/dynamos-test-hooks.ko
mark
check "a failing activate hook refuses the enable" sh -c "echo 1 > $H/knobs/fail && ! echo 1 > $H/enabled"
check "log: the hook's error, nothing switched" \
	log_has "hooks: activate hook hooks_activate \[dynamos_test_hooks\] returned -11: not enabling, nothing switched"
check "enabled 0, cmdline the original, no revert hook" sh -c "is $H/enabled 0 && ! grep -q 'dynamos hooks' /proc/cmdline && \
	! dmesg | grep -q 'hooks: revert hook'"
mark
check "enable runs the activate hook" sh -c "echo 0 > $H/knobs/fail && echo 1 > $H/enabled"
check "the version sees the hook's state" is /proc/cmdline "[dynamos hooks] activated 1, reverted 0, state 1"
check "disable; the revert hook runs when the drain completes" sh -c "echo 0 > $H/enabled"
check "it drains" wait_for 10 is $H/transition 0
check "a second disable changes nothing" sh -c "echo 0 > $H/enabled"
check "the revert hook ran exactly once" sh -c "[ \$(dmesg | awk -v m=\$(cat /tmp/mark) \
	'{ t = substr(\$0, 2, index(\$0, \"]\") - 2) + 0; if (t > m + 0) print }' | grep -c 'hooks: revert hook hooks_revert') = 1 ]"
check "log: drain complete before the revert hook" sh -c "dmesg | grep -E 'hooks: (drain complete|revert hook)' | tail -2 | \
	head -1 | grep -q 'drain complete'"
insmod $M/kprobe-test-cmdline.ko
mark
check "a switch that fails after the activate hook (a kprobe owns the function)" sh -c "! echo 1 > $H/enabled 2>/dev/null"
check "log: activate then revert hook" sh -c "dmesg | grep -E 'hooks: (activate|revert) hook' | tail -2 | tr '\n' ' ' | \
	grep -q 'activate hook hooks_activate .* ran .*revert hook hooks_revert .* ran'"
rmmod kprobe-test-cmdline
check "enable and disable again" sh -c "echo 1 > $H/enabled && is /proc/cmdline '[dynamos hooks] activated 3, reverted 2, state 3' && \
	echo 0 > $H/enabled"
check "it drains" wait_for 10 is $H/transition 0
check "rmmod hooks" rmmod dynamos-test-hooks
check "log: 3 activations, 3 reverts" log_has "hooks: activated 3 times, reverted 3 times"
# --- migrations: run inside stop_machine at the switch, either way ---------------------
G=$D/migrate
need "insmod migrate" insmod $M/dynamos-test-migrate.ko
mark
check "a failing migration cancels the enable" sh -c "echo 1 > $G/knobs/fail && ! echo 1 > $G/enabled"
check "log: check failed, tasks ran back, nothing switched" \
	log_has "migrate: enable: migration check (migrate_check \[dynamos_test_migrate\]) failed (-5): 1 migration before it ran back, nothing switched"
check "enabled 0, /proc/version the original" sh -c "is $G/enabled 0 && ! grep -q 'dynamos migrate' /proc/version"
check "enable: the migrations convert every task" sh -c "echo 0 > $G/knobs/fail && echo 1 > $G/enabled"
check "log: 2 migrations ran forward" log_has "migrate: enable: 2 migrations ran forward at the switch"
n=$(ls -d /proc/[0-9]* | wc -l)
check "the version reads the converted tasks (about $n)" \
	sh -c "grep -qE '^\[dynamos migrate\] [1-9][0-9]* tasks converted; forward 2, backward 1$' /proc/version"
check "disable: the migrations run backward" sh -c "echo 0 > $G/enabled"
check "log: 2 migrations ran backward" log_has "migrate: revert: 2 migrations ran backward at the switch"
check "it drains" wait_for 10 is $G/transition 0
check "rmmod migrate" rmmod dynamos-test-migrate
# --- shadow fields: a failed allocation is counted, the caller gets NULL ----------------
S=$D/shadow
SF=$S/shadows/task_struct.probe
F=/sys/module/dynamos_test_failslab/parameters
need "insmod shadow" insmod $M/dynamos-test-shadow.ko
check "enable" sh -c "echo 1 > $S/enabled"
check "a reader gets a value" is /proc/cmdline "[dynamos shadow] value 1"
check "insmod failslab: fail the next 3 shadow allocations" insmod $M/dynamos-test-failslab.ko times=3
check "3 readers get no value, then one gets its value" sh -c "[ \"\$(for i in 1 2 3 4; do cat /proc/cmdline; done | tr '\n' ,)\" = \
	'[dynamos shadow] no value,[dynamos shadow] no value,[dynamos shadow] no value,[dynamos shadow] value 1,' ]"
check "3 failures injected" is $F/injected 3
check "counted: allocated 2, failed 3" grep -qE '^live [0-9]+ allocated 2 freed-with-object [0-9]+ freed-at-revert 0 failed 3 ' $SF
check "fail 200 more while 8 readers run at once" sh -c "echo 200 > $F/times && \
	for j in 1 2 3 4 5 6 7 8; do (for i in \$(seq 40); do cat /proc/cmdline; done > /tmp/shadow.\$j) & done; wait"
check "every reader got its value or NULL, 320 reads" sh -c "! cat /tmp/shadow.* | grep -vqE '^\[dynamos shadow\] (value 1|no value)\$' && \
	[ \$(cat /tmp/shadow.* | wc -l) = 320 ] && grep -q 'no value' /tmp/shadow.*"
check "failed counts every injected failure" sh -c "[ \"\$(sed 's/.* failed \([0-9]*\) .*/\1/' $SF)\" = \"\$(cat $F/injected)\" ]"
check "no value leaks: the readers' went with them" grep -qE '^live [0-9] ' $SF
check "rmmod failslab" rmmod dynamos-test-failslab
check "disable" sh -c "echo 0 > $S/enabled"
check "it drains" wait_for 10 is $S/transition 0
check "live 0 after the revert" grep -q '^live 0 ' $SF
cat $SF
check "rmmod shadow" rmmod dynamos-test-shadow
# --- restart thread: kswapd stops and starts again running the new entry ----------------
R=$D/restart_kswapd
kpid() { pidof kswapd0; }
vm() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }
# reclaim: read a 768 MiB RAM disk through the page cache of a 512 MiB guest
reclaim() {
	[ -e /dev/ram0 ] || mknod /dev/ram0 b 1 0
	dd if=/dev/ram0 of=/dev/null bs=1M count=768 2>/dev/null
}
need "insmod brd (a RAM disk to read through the page cache)" insmod $M/brd.ko rd_nr=1 rd_size=786432
need "insmod restart" insmod $M/dynamos-test-restart.ko
old=$(kpid)
renice -n 5 -p $old >/dev/null
mark
check "enable restarts kswapd0" sh -c "echo 1 > $R/enabled"
new=$(kpid)
check "kswapd0 has a new pid ($old -> $new)" sh -c "[ -n '$new' ] && [ '$new' != '$old' ]"
check "log: stopped with the subsystem's own function" \
	log_has "restart_kswapd: stopping kswapd0 (pid $old) with kswapd_stop()/kswapd_run()"
check "log: restarted running kswapd_v2" log_has "restart_kswapd: restarted kswapd0: pid $old -> $new, running kswapd_v2"
check "the new thread runs kswapd_v2" grep -q kswapd_v2 /proc/$new/stack
check "the entry was called once" is $R/functions/kswapd/calls 1
check "the new thread keeps the old one's nice value (5)" sh -c "[ \$(awk '{ print \$19 }' /proc/$new/stat) = 5 ]"
before=$(vm pgsteal_kswapd)
reclaim
after=$(vm pgsteal_kswapd)
check "under memory pressure the new kswapd0 reclaims (pgsteal_kswapd $before -> $after)" \
	sh -c "[ $after -gt $before ] && [ \$(pidof kswapd0) = $new ]"
mark
check "disable restarts the original kswapd" sh -c "echo 0 > $R/enabled"
orig=$(kpid)
check "kswapd0 has a new pid ($new -> $orig)" sh -c "[ -n '$orig' ] && [ '$orig' != '$new' ]"
check "log: restarted running kswapd" log_has "restart_kswapd: restarted kswapd0: pid $new -> $orig, running kswapd$"
check "the original runs: no kswapd_v2 on its stack" sh -c "grep -q kswapd /proc/$orig/stack && ! grep -q kswapd_v2 /proc/$orig/stack"
check "it drains" wait_for 10 is $R/transition 0
before=$(vm pgsteal_kswapd)
reclaim
after=$(vm pgsteal_kswapd)
check "the original reclaims again (pgsteal_kswapd $before -> $after)" sh -c "[ $after -gt $before ]"
check "the entry was not called again" is $R/functions/kswapd/calls 1
# Restarts while memory is short all the time: reclaim goes on, nothing fails.
(while :; do reclaim; done) &
loader=$!
before=$(vm pgsteal_kswapd)
mark
cycles=0
for i in 1 2 3 4 5; do
	echo 1 > $R/enabled && echo 0 > $R/enabled && cycles=$((cycles + 1))
	sleep 0.5
done
kill $loader; wait $loader 2>/dev/null
# The loop's dd outlives the killed subshell: stop it too, or it keeps brd busy.
killall dd 2>/dev/null
wait_for 10 sh -c "! pidof dd >/dev/null"
after=$(vm pgsteal_kswapd)
check "5 restarts both ways under constant memory pressure" [ $cycles = 5 ]
check "reclaim went on meanwhile (pgsteal_kswapd $before -> $after)" [ $after -gt $before ]
check "no allocation failed, nothing was killed" sh -c "! dmesg | grep -qE 'page allocation failure|Out of memory|oom-kill'"
check "the entry ran once per enable" is $R/functions/kswapd/calls 6
check "it drains" wait_for 10 is $R/transition 0
# A new entry that does not stop: the revert fails after 2 s, the update stays enabled.
check "enable again" sh -c "echo 1 > $R/enabled && echo 1 > $R/knobs/stubborn"
v2=$(kpid)
mark
check "disable fails when kswapd_v2 does not stop" sh -c "! echo 0 > $R/enabled 2>/dev/null"
check "log: names the thread, nothing switched" \
	log_has "restart_kswapd: kswapd0 (pid $v2) did not stop within 2000 ms: nothing switched, the update stays enabled"
check "enabled still reads 1" is $R/enabled 1
check "a switch meanwhile is refused" sh -c "! echo 0 > $R/enabled 2>/dev/null"
check "log: busy" log_has "restart_kswapd: cannot switch: a thread it restarts has not stopped yet"
echo 0 > $R/knobs/stubborn
check "once it stops, kswapd0 starts again running kswapd_v2" \
	wait_for 10 log_has "restart_kswapd: restarted kswapd0: pid $v2 -> [0-9]*, running kswapd_v2"
check "then the revert succeeds" wait_for 5 sh -c "echo 0 > $R/enabled 2>/dev/null"
check "it drains" wait_for 10 is $R/transition 0
check "kswapd0 runs the original" sh -c "! grep -q kswapd_v2 /proc/\$(pidof kswapd0)/stack"
check "rmmod restart" rmmod dynamos-test-restart
check "rmmod brd (no reader left)" wait_for 10 rmmod brd
check "rmmod dynamos" rmmod dynamos

echo "--- dynamos kernel log ---"
dmesg | grep -E "dynamos|quiet_pipe|group_|drained|phases|hooks|migrate|restart_kswapd|kswapd_v2|shadow|failslab" | grep -v "registered\|unregistered" | tail -80
echo "--- end of log ---"
echo "GUEST DONE: failed=$failed"
poweroff -f
