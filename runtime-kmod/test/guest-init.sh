#!/bin/sh
# guest-init.sh - /init of the run-qemu.sh initramfs (busybox sh).
#
# Exercises the runtime core and the sample updates, printing one line per
# check:  "CHECK ok: ..." or "CHECK FAIL: ...".  The host fails the run on
# any FAIL, on kernel warnings, or if "GUEST DONE" never appears.

. /lib/dynamos/guest-lib.sh

cmdline_is_orig() { [ "$(cat /proc/cmdline)" = "$ORIG_CMDLINE" ]; }

echo "GUEST START: $(nproc) CPUs"
echo "nobody:x:65534:65534:nobody:/:/bin/sh" > /etc/passwd
echo "nobody:x:65534:" > /etc/group
mount -t tracefs nodev /sys/kernel/tracing
ORIG_CMDLINE=$(cat /proc/cmdline)
ORIG_VERSION=$(cat /proc/version)

one_round() {
	# --- core ------------------------------------------------------------------
	need "insmod dynamos.ko" insmod $M/dynamos.ko dyndbg=+p
	check "/sys/kernel/dynamos exists" test -d $D

	# --- registration: validates, redirects nothing ----------------------------
	mark
	check "insmod of an update built for another image fails" \
		sh -c "! insmod $M/dynamos-test-mismatch.ko 2>/dev/null"
	check "log explains the image mismatch" \
		log_has "mismatch: image mismatch: expected cmdline_proc_show+0x0/0x1000, found cmdline_proc_show+0x0/0x"

	need "insmod cmdline sample" insmod $M/dynamos-sample-cmdline.ko
	check "/proc/cmdline unchanged after insmod" cmdline_is_orig
	check "enabled reads 0" is $D/cmdline_hello/enabled 0
	check "transition reads 0" is $D/cmdline_hello/transition 0
	check "calls reads 0" is $D/cmdline_hello/functions/cmdline_proc_show/calls 0
	check "old_addr is root-only" sh -c "ls -l $D/cmdline_hello/functions/cmdline_proc_show/old_addr | grep -q '^-r-------- '"
	check "enabled is 0600" sh -c "ls -l $D/cmdline_hello/enabled | grep -q '^-rw------- '"

	# --- enable ----------------------------------------------------------------
	need "echo 1 > enabled" sh -c "echo 1 > $D/cmdline_hello/enabled"
	check "enabled reads 1" is $D/cmdline_hello/enabled 1
	check "/proc/cmdline shows the marker" \
		sh -c "cat /proc/cmdline | grep -qF '[dynamos cmdline_hello] $ORIG_CMDLINE'"
	c1=$(cat $D/cmdline_hello/functions/cmdline_proc_show/calls)
	cat /proc/cmdline > /dev/null
	cat /proc/cmdline > /dev/null
	c2=$(cat $D/cmdline_hello/functions/cmdline_proc_show/calls)
	check "calls counts redirected calls ($c1 -> $c2)" [ "$c2" -eq $((c1 + 2)) ]
	check "echo 1 again is accepted" sh -c "echo 1 > $D/cmdline_hello/enabled"
	check "rmmod of the enabled update fails" \
		sh -c "! rmmod dynamos-sample-cmdline 2>/dev/null"
	check "update module still loaded" loaded dynamos_sample_cmdline
	check "rmmod of the core fails while an update is loaded" \
		sh -c "! rmmod dynamos 2>/dev/null"

	# --- a second update side by side -------------------------------------------
	check "insmod version sample" insmod $M/dynamos-sample-version.ko
	check "/proc/version unchanged after insmod" [ "$(cat /proc/version)" = "$ORIG_VERSION" ]
	check "enable version_hello" sh -c "echo 1 > $D/version_hello/enabled"
	check "/proc/version shows the marker" \
		sh -c "cat /proc/version | grep -qF '[dynamos version_hello] $ORIG_VERSION'"
	check "/proc/cmdline still shows its marker" \
		sh -c "cat /proc/cmdline | grep -qF '[dynamos cmdline_hello]'"

	# --- stacking: a second update on the same function --------------------------
	S=$D/cmdline_stack
	SF=$S/functions/cmdline_proc_show
	check "insmod stacked update" insmod $M/dynamos-test-stack.ko
	check "its knob reads the default" is $S/knobs/on 1
	check "its versions: stack_v2, original" \
		sh -c "[ \"\$(cut -d' ' -f1 $SF/versions | tr '\n' ' ')\" = 'stack_v2 original ' ]"
	check "override reads auto" is $SF/override auto
	check "enable it on top of cmdline_hello" sh -c "echo 1 > $S/enabled"
	check "the top update's version runs" is /proc/cmdline "[dynamos cmdline_stack]"
	check "knob off: its original is the update below" \
		sh -c "echo 0 > $S/knobs/on && grep -qF '[dynamos cmdline_hello]' /proc/cmdline"
	check "knob on: the next call runs the top version" \
		sh -c "echo y > $S/knobs/on && is $S/knobs/on 1 && is /proc/cmdline '[dynamos cmdline_stack]'"
	check "override original: the update below runs" \
		sh -c "echo original > $SF/override && grep -qF '[dynamos cmdline_hello]' /proc/cmdline"
	check "override reads original" is $SF/override original
	check "override stack_v2 wins over the knob" \
		sh -c "echo 0 > $S/knobs/on && echo stack_v2 > $SF/override && is /proc/cmdline '[dynamos cmdline_stack]'"
	check "override auto: the predicate chooses again" \
		sh -c "echo auto > $SF/override && grep -qF '[dynamos cmdline_hello]' /proc/cmdline && echo 1 > $S/knobs/on"
	check "an unknown version is refused" sh -c "! echo nope > $SF/override 2>/dev/null"
	check "a bool knob refuses 2" sh -c "! echo 2 > $S/knobs/on 2>/dev/null"
	v1=$(grep stack_v2 $SF/versions | cut -d' ' -f2); o1=$(grep original $SF/versions | cut -d' ' -f2)
	h1=$(cat $D/cmdline_hello/functions/cmdline_proc_show/calls)
	cat /proc/cmdline > /dev/null; cat /proc/cmdline > /dev/null
	echo 0 > $S/knobs/on; cat /proc/cmdline > /dev/null; echo 1 > $S/knobs/on
	v2=$(grep stack_v2 $SF/versions | cut -d' ' -f2); o2=$(grep original $SF/versions | cut -d' ' -f2)
	h2=$(cat $D/cmdline_hello/functions/cmdline_proc_show/calls)
	check "counters: top 2 ($v1 -> $v2), original 1 ($o1 -> $o2), below 1 ($h1 -> $h2)" \
		[ $((v2 - v1))$((o2 - o1))$((h2 - h1)) = 211 ]
	mark
	check "disabling the bottom update is refused" sh -c "! echo 0 > $D/cmdline_hello/enabled 2>/dev/null"
	check "log names the update stacked on it" \
		log_has "cmdline_hello: cannot disable: update cmdline_stack is stacked on it (function cmdline_proc_show)"
	check "the bottom update stays enabled" is $D/cmdline_hello/enabled 1
	check "rmmod of the bottom update is refused" sh -c "! rmmod dynamos-sample-cmdline 2>/dev/null"
	check "the top version still runs" is /proc/cmdline "[dynamos cmdline_stack]"
	check "revert the top update" sh -c "echo 0 > $S/enabled"
	check "the bottom update's version runs again" \
		sh -c "cat /proc/cmdline | grep -qF '[dynamos cmdline_hello] $ORIG_CMDLINE'"
	check "the top update drains" wait_for 10 is $S/transition 0
	check "rmmod the top update" rmmod dynamos-test-stack

	# --- adaptive: a predicate on the caller's uid, knobs --------------------------
	A=$D/loadavg_adaptive
	AF=$A/functions/loadavg_proc_show
	check "insmod adaptive update" insmod $M/dynamos-test-adaptive.ko
	check "knobs read their defaults" sh -c "is $A/knobs/min_uid 1000 && is $A/knobs/shift -3"
	check "versions: loadavg_user, original" \
		sh -c "[ \"\$(cut -d' ' -f1 $AF/versions | tr '\n' ' ')\" = 'loadavg_user original ' ]"
	check "enable it" sh -c "echo 1 > $A/enabled"
	check "root reads the original" sh -c "! grep -q dynamos /proc/loadavg"
	check "nobody reads the new version" \
		sh -c "su nobody -c 'cat /proc/loadavg' | grep -qxF '[dynamos loadavg_user uid=65534 shift=-3]'"
	u1=$(grep loadavg_user $AF/versions | cut -d' ' -f2); o1=$(grep original $AF/versions | cut -d' ' -f2)
	(i=0; while [ $i -lt 300 ]; do cat /proc/loadavg; i=$((i + 1)); done > /tmp/root.out) &
	r=$!
	su nobody -c 'i=0; while [ $i -lt 300 ]; do cat /proc/loadavg; i=$((i + 1)); done' > /tmp/user.out &
	wait $r $!
	u2=$(grep loadavg_user $AF/versions | cut -d' ' -f2); o2=$(grep original $AF/versions | cut -d' ' -f2)
	check "concurrently: root saw the original 300 times" \
		[ "$(grep -vc dynamos /tmp/root.out)/$(wc -l < /tmp/root.out)" = 300/300 ]
	check "concurrently: nobody saw the new version 300 times" \
		[ "$(grep -cxF '[dynamos loadavg_user uid=65534 shift=-3]' /tmp/user.out)/$(wc -l < /tmp/user.out)" = 300/300 ]
	check "counters agree: loadavg_user +$((u2 - u1)), original +$((o2 - o1))" \
		[ $((u2 - u1))/$((o2 - o1)) = 300/300 ]
	check "knob min_uid 0: root gets the new version at the next call" \
		sh -c "echo 0 > $A/knobs/min_uid && grep -qxF '[dynamos loadavg_user uid=0 shift=-3]' /proc/loadavg"
	check "a signed knob takes -100" \
		sh -c "echo -100 > $A/knobs/shift && is $A/knobs/shift -100 && grep -qF 'shift=-100]' /proc/loadavg"
	check "-101 is out of range" sh -c "echo -101 2>&1 > $A/knobs/shift | grep -q 'out of range'"
	check "65535 is out of range" sh -c "echo 65535 2>&1 > $A/knobs/min_uid | grep -q 'out of range'"
	check "text is not a number" sh -c "echo abc 2>&1 > $A/knobs/min_uid | grep -q 'Invalid argument'"
	check "-1 is not a u32" sh -c "! echo -1 > $A/knobs/min_uid 2>/dev/null"
	check "refused writes changed nothing" sh -c "is $A/knobs/min_uid 0 && is $A/knobs/shift -100"
	check "knob min_uid 1000: root gets the original back" \
		sh -c "echo 1000 > $A/knobs/min_uid && ! grep -q dynamos /proc/loadavg"
	check "override original: nobody gets the original" \
		sh -c "echo original > $AF/override && ! su nobody -c 'cat /proc/loadavg' | grep -q dynamos"
	check "override loadavg_user: root gets the new version" \
		sh -c "echo loadavg_user > $AF/override && grep -qF '[dynamos loadavg_user uid=0' /proc/loadavg"
	check "override auto: per call again" \
		sh -c "echo auto > $AF/override && ! grep -q dynamos /proc/loadavg && su nobody -c 'cat /proc/loadavg' | grep -q dynamos"
	check "knob files are 0600, root only" sh -c "ls -l $A/knobs/min_uid | grep -q '^-rw------- '"
	check "revert adaptive" sh -c "echo 0 > $A/enabled"
	check "drain" wait_for 10 is $A/transition 0
	check "rmmod adaptive" rmmod dynamos-test-adaptive

	# --- a target known to kallsyms by an alias (__do_sys_getppid) ---------------
	check "insmod getppid copy (an aliased symbol)" insmod $M/dynamos-test-getppid.ko
	check "enable it" sh -c "echo 1 > $D/getppid_copy/enabled"
	check "getppid() still right" [ "$(sh -c 'echo $PPID')" = "$$" ]
	check "getppid() was redirected" \
		[ "$(cat $D/getppid_copy/functions/__x64_sys_getppid/calls)" -ge 1 ]
	check "revert it" sh -c "echo 0 > $D/getppid_copy/enabled"
	check "drain" wait_for 10 is $D/getppid_copy/transition 0
	check "rmmod getppid copy" rmmod dynamos-test-getppid

	# --- revert and drain ----------------------------------------------------------
	mark
	check "echo 0 > enabled" sh -c "echo 0 > $D/cmdline_hello/enabled"
	check "enabled reads 0 after revert" is $D/cmdline_hello/enabled 0
	check "/proc/cmdline is the original again" cmdline_is_orig
	check "drain completes" wait_for 10 is $D/cmdline_hello/transition 0
	check "log reports the drain" log_has "cmdline_hello: drain complete"
	check "rmmod of the reverted update succeeds" rmmod dynamos-sample-cmdline
	check "its sysfs directory is gone" test ! -e $D/cmdline_hello

	# --- a task inside the new version holds the drain ------------------------------
	check "insmod sleeper" insmod $M/dynamos-test-sleeper.ko
	check "enable sleeper" sh -c "echo 1 > $D/sleeper/enabled"
	cat /proc/uptime > /tmp/uptime.out &
	reader=$!
	sleep 0.5
	mark
	check "revert while a task sleeps in the new version" sh -c "echo 0 > $D/sleeper/enabled"
	check "enabled reads 0 at once" is $D/sleeper/enabled 0
	check "transition reads 1 while the task is inside" is $D/sleeper/transition 1
	check "rmmod fails during the drain" sh -c "! rmmod dynamos-test-sleeper 2>/dev/null"
	check "a new call runs the original" sh -c "! grep -q dynamos /proc/uptime"
	wait $reader
	check "the task finished in the new version" grep -q "dynamos sleeper" /tmp/uptime.out
	check "drain completes once it has left" wait_for 10 is $D/sleeper/transition 0
	check "log names the task holding the drain" \
		log_has "sleeper: drain: cat:$reader is executing uptime_proc_show_v2+0x"
	check "log reports the drain" log_has "sleeper: drain complete"

	# re-enable during a drain
	check "enable sleeper again" sh -c "echo 1 > $D/sleeper/enabled"
	cat /proc/uptime > /tmp/uptime.out &
	reader=$!
	sleep 0.5
	check "revert again" sh -c "echo 0 > $D/sleeper/enabled"
	check "draining" is $D/sleeper/transition 1
	check "echo 1 during the drain re-enables" sh -c "echo 1 > $D/sleeper/enabled"
	check "enabled reads 1, transition 0" sh -c "[ \$(cat $D/sleeper/enabled)\$(cat $D/sleeper/transition) = 10 ]"
	check "rmmod fails while re-enabled" sh -c "! rmmod dynamos-test-sleeper 2>/dev/null"
	wait $reader
	check "revert once more" sh -c "echo 0 > $D/sleeper/enabled"
	check "drain completes" wait_for 10 is $D/sleeper/transition 0
	check "rmmod sleeper" rmmod dynamos-test-sleeper

	# --- toggling under load on all CPUs -------------------------------------------
	check "insmod cmdline sample again" insmod $M/dynamos-sample-cmdline.ko
	loaders=""
	for i in 1 2 3; do
		(while :; do cat /proc/cmdline > /dev/null; done) &
		loaders="$loaders $!"
	done
	# and a task that never leaves the CPU by itself
	(while :; do :; done) &
	loaders="$loaders $!"
	toggles_ok=1
	for i in 1 2 3 4 5; do
		echo 1 > $D/cmdline_hello/enabled || toggles_ok=0
		sleep 0.3
		echo 0 > $D/cmdline_hello/enabled || toggles_ok=0
		wait_for 20 is $D/cmdline_hello/transition 0 || toggles_ok=0
	done
	check "5 enable/revert cycles under load drain" [ $toggles_ok = 1 ]
	check "tasks found running were checked again" \
		sh -c "dmesg | grep 'cmdline_hello: drain pass' | grep -qv ' 0 tasks found running'"
	check "running idle tasks were checked from their CPU" \
		sh -c "dmesg | grep 'drain pass' | grep -qv ' 0 checks from the task.s CPU'"
	kill $loaders
	wait 2>/dev/null
	echo "calls after the load: $(cat $D/cmdline_hello/functions/cmdline_proc_show/calls)"
	check "calls counted under load" [ "$(cat $D/cmdline_hello/functions/cmdline_proc_show/calls)" -gt 0 ]

	# --- livepatch owns the function: the update is refused, naming it ------------
	check "insmod livepatch on cmdline_proc_show" insmod $M/livepatch-test-cmdline.ko
	check "livepatch transition completes" \
		wait_for 30 is /sys/kernel/livepatch/livepatch_test_cmdline/transition 0
	check "/proc/cmdline shows the livepatch" grep -q "livepatch cmdline" /proc/cmdline
	mark
	check "enabling cmdline_hello fails" sh -c "! echo 1 > $D/cmdline_hello/enabled"
	check "log names livepatch as the owner" log_has "cmdline_hello: cannot redirect cmdline_proc_show: it is owned by another ftrace IPMODIFY user, handler klp_ftrace_handler"
	check "cmdline_hello stays disabled, no module reference" \
		sh -c "is() { [ \"\$(cat \$1)\" = \"\$2\" ]; }; is $D/cmdline_hello/enabled 0 && is $D/cmdline_hello/transition 0"
	check "insmod a two-function update" insmod $M/dynamos-test-half.ko
	mark
	check "enabling it fails: its second function is the livepatch's" \
		sh -c "! echo 1 > $D/half_applied/enabled 2>/dev/null"
	check "log names livepatch" log_has "half_applied: cannot redirect cmdline_proc_show: it is owned by another ftrace IPMODIFY user, handler klp_ftrace_handler"
	check "nothing half-applied: /proc/version runs the update below" \
		sh -c "grep -qF '[dynamos version_hello]' /proc/version && ! grep -q half_applied /proc/version"
	check "it stays disabled, not draining" sh -c "is $D/half_applied/enabled 0 && is $D/half_applied/transition 0"
	check "disable the livepatch" sh -c "echo 0 > /sys/kernel/livepatch/livepatch_test_cmdline/enabled"
	check "livepatch disabled" wait_for 30 test ! -e /sys/kernel/livepatch/livepatch_test_cmdline
	check "rmmod livepatch" rmmod livepatch-test-cmdline
	check "now cmdline_hello enables" sh -c "echo 1 > $D/cmdline_hello/enabled"
	check "/proc/cmdline shows the marker" grep -q "dynamos cmdline_hello" /proc/cmdline

	# --- rmmod -f of an enabled update (CONFIG_MODULE_FORCE_UNLOAD) --------------
	check "insmod sleeper for a forced removal" insmod $M/dynamos-test-sleeper.ko
	check "enable it" sh -c "echo 1 > $D/sleeper/enabled"
	mark
	check "rmmod -f removes it" rmmod -f dynamos-test-sleeper
	check "log says it was removed while enabled" \
		log_has "sleeper: module dynamos_test_sleeper removed while the update is enabled"
	check "/proc/uptime runs the original again" sh -c "! grep -q dynamos /proc/uptime"
	check "its sysfs directory is gone" test ! -e $D/sleeper

	# --- a kprobe with a post handler owns the function ---------------------------
	check "revert cmdline_hello for the kprobe test" sh -c "echo 0 > $D/cmdline_hello/enabled"
	check "drain" wait_for 10 is $D/cmdline_hello/transition 0
	check "insmod kprobe on cmdline_proc_show" insmod $M/kprobe-test-cmdline.ko
	mark
	check "enabling cmdline_hello fails" sh -c "! echo 1 > $D/cmdline_hello/enabled"
	check "log names the kprobe as the owner" log_has "cmdline_hello: cannot redirect cmdline_proc_show: it is owned by another ftrace IPMODIFY user, handler kprobe_ftrace_handler (a kprobe with a post handler)"
	check "revert version_hello" sh -c "echo 0 > $D/version_hello/enabled"
	check "/proc/version is the original again" [ "$(cat /proc/version)" = "$ORIG_VERSION" ]
	mark
	check "the two-function update fails on the kprobe's function" \
		sh -c "! echo 1 > $D/half_applied/enabled 2>/dev/null"
	check "log names the kprobe" log_has "half_applied: cannot redirect cmdline_proc_show: it is owned by another ftrace IPMODIFY user, handler kprobe_ftrace_handler"
	check "nothing half-applied: /proc/version is the original" [ "$(cat /proc/version)" = "$ORIG_VERSION" ]
	check "no ftrace handler left on version_proc_show" \
		sh -c "! grep -q '^version_proc_show' /sys/kernel/tracing/enabled_functions"
	check "rmmod the two-function update" rmmod dynamos-test-half
	check "rmmod kprobe" rmmod kprobe-test-cmdline
	check "now cmdline_hello enables again" sh -c "echo 1 > $D/cmdline_hello/enabled"

	# --- teardown --------------------------------------------------------------------
	check "revert cmdline_hello" sh -c "echo 0 > $D/cmdline_hello/enabled"
	check "both drain" wait_for 10 sh -c "[ \$(cat $D/cmdline_hello/transition)\$(cat $D/version_hello/transition) = 00 ]"
	check "rmmod cmdline sample" rmmod dynamos-sample-cmdline
	check "rmmod version sample" rmmod dynamos-sample-version
	check "rmmod core" rmmod dynamos
	check "/sys/kernel/dynamos is gone" test ! -e $D
}

# Soak runs (run-qemu.sh --rounds N) repeat everything; the kernel passes
# unknown command-line parameters to init as environment variables.
round=1
while [ $round -le ${dynamos_rounds:-1} ]; do
	echo "--- round $round ---"
	one_round
	round=$((round + 1))
done

# --- sysfs: knob values, enabled words, permissions ----------------------------------
# Integers are decimal or 0x hex (a leading 0 is not octal); booleans are
# exactly 0/1/y/n/true/false; every file is root only, 0600 or 0400.
sysfs_values_and_modes() {
	need "insmod core for the sysfs checks" insmod $M/dynamos.ko
	need "insmod three updates" sh -c "insmod $M/dynamos-sample-cmdline.ko && \
		insmod $M/dynamos-test-stack.ko && insmod $M/dynamos-test-adaptive.ko"
	A=$D/loadavg_adaptive
	S=$D/cmdline_stack
	check "010 is decimal 10, not octal 8" sh -c "echo 010 > $A/knobs/min_uid && is $A/knobs/min_uid 10"
	check "08 is 8, not refused as bad octal" sh -c "echo 08 > $A/knobs/min_uid && is $A/knobs/min_uid 8"
	check "0x10 is 16" sh -c "echo 0x10 > $A/knobs/min_uid && is $A/knobs/min_uid 16"
	check "0X1f is 31" sh -c "echo 0X1f > $A/knobs/min_uid && is $A/knobs/min_uid 31"
	check "a signed knob: -010 is -10" sh -c "echo -010 > $A/knobs/shift && is $A/knobs/shift -10"
	check "a signed knob: -0x10 is -16" sh -c "echo -0x10 > $A/knobs/shift && is $A/knobs/shift -16"
	for w in 0x 1f 0o10 0b1 " 5" 5x; do
		check "a knob refuses '$w'" sh -c "! echo '$w' > $A/knobs/min_uid 2>/dev/null && is $A/knobs/min_uid 31"
	done
	for w in yellow Y yes on off 2 no; do
		check "a bool knob refuses '$w'" sh -c "! echo $w > $S/knobs/on 2>/dev/null && is $S/knobs/on 1"
		check "enabled refuses '$w'" sh -c "! echo $w > $D/cmdline_hello/enabled 2>/dev/null && \
			is $D/cmdline_hello/enabled 0"
	done
	check "enabled refuses an empty line" sh -c "! echo > $D/cmdline_hello/enabled 2>/dev/null"
	for w in n y false true 0 1; do
		check "a bool knob takes '$w'" sh -c "echo $w > $S/knobs/on"
	done
	check "the last write, 1, is the value" is $S/knobs/on 1
	for pair in y:1 n:0 true:1 false:0 1:1 0:0; do
		w=${pair%:*}; v=${pair#*:}
		check "enabled takes '$w'" sh -c "echo $w > $D/cmdline_hello/enabled && is $D/cmdline_hello/enabled $v"
		[ $v = 0 ] && wait_for 10 is $D/cmdline_hello/transition 0
	done
	check "without a newline too" sh -c "printf true > $D/cmdline_hello/enabled && is $D/cmdline_hello/enabled 1 && \
		printf 0 > $D/cmdline_hello/enabled && is $D/cmdline_hello/enabled 0"
	wait_for 10 is $D/cmdline_hello/transition 0
	find $D -type f | while read -r f; do
		mode=$(ls -l "$f" | cut -c1-10)
		[ "$mode" = -rw------- ] || [ "$mode" = -r-------- ] || echo "$mode $f"
	done > /tmp/modes.bad
	check "every file is root only: 0600 or 0400 ($(find $D -type f | wc -l) files)" test ! -s /tmp/modes.bad
	head -5 /tmp/modes.bad
	check "writable: enabled, knobs, override (0600)" sh -c "ls -l $D/cmdline_hello/enabled $A/knobs/shift \
		$A/functions/loadavg_proc_show/override | grep -vc '^-rw------- ' | grep -qx 0"
	check "read-only: transition, calls, versions (0400)" sh -c "ls -l $D/cmdline_hello/transition \
		$A/functions/loadavg_proc_show/calls $A/functions/loadavg_proc_show/versions | grep -vc '^-r-------- ' | grep -qx 0"
	check "nobody cannot read a counter" sh -c "! su nobody -c 'cat $A/functions/loadavg_proc_show/calls' 2>/dev/null"
	check "rmmod all" sh -c "rmmod dynamos-test-adaptive && rmmod dynamos-test-stack && \
		rmmod dynamos-sample-cmdline && rmmod dynamos"
}
echo "--- sysfs values and modes ---"
sysfs_values_and_modes

# --- registration fuzz: malformed descriptors are refused, each with a reason --------
# dynamos-test-fuzz.ko registers a valid descriptor, then targeted and random
# mutations of it from its init; the core must refuse each targeted one with
# a log line of its own between the fixture's "case N:" and "case N refused".
descriptor_fuzz() {
	need "insmod core for the fuzz test" insmod $M/dynamos.ko
	mark
	check "insmod the fuzz module" insmod $M/dynamos-test-fuzz.ko
	dmesg | awk -v m="$(cat /tmp/mark)" \
		'{ t = substr($0, 2, index($0, "]") - 2) + 0; if (t > m + 0) print }' > /tmp/fuzz.log
	summary=$(sed -n 's/.*fuzz: targeted: //p' /tmp/fuzz.log)
	echo "fuzz: $summary"
	refused=$(echo "$summary" | sed -n 's/^\([0-9]*\) of .*/\1/p')
	total=$(echo "$summary" | sed -n 's/^[0-9]* of \([0-9]*\) refused.*/\1/p')
	rnd=$(echo "$summary" | sed -n 's/.*random: \([0-9]*\) refused, \([0-9]*\) accepted/\1+\2/p')
	check "the valid descriptor registers" grep -q "fuzz: the valid descriptor registers" /tmp/fuzz.log
	check "every targeted mutation is refused ($refused of $total)" \
		[ -n "$total" ] && [ "$total" -ge 50 ] && [ "$refused" = "$total" ]
	grep "fuzz: case [0-9]* ACCEPTED" /tmp/fuzz.log | head -5
	awk '/fuzz: case [0-9]+: / { open = 1; seen = 0; what = $0; next }
	     / dynamos: / { if (open) seen = 1 }
	     /fuzz: case [0-9]+ (refused|ACCEPTED)/ { if (!seen) print what; open = 0 }' \
		/tmp/fuzz.log > /tmp/fuzz.unexplained
	check "the core logged a reason for each ($(grep -c 'fuzz: case [0-9]*:' /tmp/fuzz.log) cases)" \
		test ! -s /tmp/fuzz.unexplained
	head -5 /tmp/fuzz.unexplained
	check "200 random mutations ran, each refused or cleanly unregistered ($rnd)" \
		[ $(($rnd)) = 200 ]
	check "no update is left registered" sh -c "[ -z \"\$(ls $D)\" ]"
	check "rmmod the fuzz module and the core" sh -c "rmmod dynamos-test-fuzz && rmmod dynamos"
}
echo "--- registration fuzz ---"
descriptor_fuzz

# --- enable/disable cycles while userspace hammers the functions -------------------
# cmdline_hello toggles on top of cmdline_stack (a layer pushed onto and popped
# off a live site), getppid_copy alone (its site created and destroyed); the
# hammering tasks check every result.
cycles() {
	n=$1
	need "insmod core for the cycles" insmod $M/dynamos.ko
	need "insmod the updates" sh -c "insmod $M/dynamos-sample-cmdline.ko && insmod $M/dynamos-test-stack.ko && insmod $M/dynamos-test-getppid.ko"
	need "enable cmdline_stack at the bottom" sh -c "echo 1 > $D/cmdline_stack/enabled"
	rm -f /tmp/wrong /tmp/reads.*
	hammers=""
	for i in 1 2; do
		(while :; do
			out=$(cat /proc/cmdline)
			case "$out" in
			"[dynamos cmdline_stack]"|"[dynamos cmdline_hello] $ORIG_CMDLINE") echo >> /tmp/reads.$i ;;
			*) echo "cmdline: $out" >> /tmp/wrong ;;
			esac
		done) &
		hammers="$hammers $!"
	done
	(while :; do
		[ "$(sh -c 'echo $PPID')" = "$(sh -c 'echo $$')" ] || true
		p=$(sh -c 'echo $PPID')
		[ "$p" -gt 1 ] 2>/dev/null || echo "getppid: $p" >> /tmp/wrong
		echo >> /tmp/reads.ppid
	done) &
	hammers="$hammers $!"
	writes_ok=1
	i=0
	while [ $i -lt $n ]; do
		echo 1 > $D/cmdline_hello/enabled || writes_ok=0
		echo 1 > $D/getppid_copy/enabled || writes_ok=0
		echo 0 > $D/cmdline_hello/enabled || writes_ok=0
		echo 0 > $D/getppid_copy/enabled || writes_ok=0
		i=$((i + 1))
	done
	kill $hammers
	wait 2>/dev/null
	check "$n enable/disable cycles of two updates: every write accepted" [ $writes_ok = 1 ]
	check "no wrong result under the cycles" test ! -e /tmp/wrong
	[ -e /tmp/wrong ] && head -5 /tmp/wrong
	echo "cycles: $(cat /tmp/reads.1 /tmp/reads.2 | wc -l) cmdline reads, $(wc -l < /tmp/reads.ppid) getppid checks"
	check "the hammers ran" [ "$(cat /tmp/reads.1 /tmp/reads.2 | wc -l)" -gt 0 ]
	check "both drain" wait_for 20 sh -c "[ \$(cat $D/cmdline_hello/transition)\$(cat $D/getppid_copy/transition) = 00 ]"
	check "disable cmdline_stack" sh -c "echo 0 > $D/cmdline_stack/enabled"
	check "it drains" wait_for 20 is $D/cmdline_stack/transition 0
	check "/proc/cmdline is the original" cmdline_is_orig
	check "rmmod all" sh -c "rmmod dynamos-test-getppid && rmmod dynamos-test-stack && rmmod dynamos-sample-cmdline && rmmod dynamos"
}
if [ "${dynamos_cycles:-500}" -gt 0 ]; then
	echo "--- ${dynamos_cycles:-500} cycles ---"
	cycles ${dynamos_cycles:-500}
fi

# --- a livepatch loaded over an enabled update: refused, named ---------------------
# The other order than one_round's: ftrace allows one IPMODIFY user per call
# site, so the livepatch's init fails with -EBUSY.  livepatch names the
# function; the core's module notifier (core/klp.c) names the updates that
# redirect it, and stays quiet when DynAMOS redirects nothing.
log_lacks() { ! log_has "$1"; }

livepatch_after_update() {
	L=/sys/kernel/livepatch
	need "insmod core for the livepatch-after-update checks" insmod $M/dynamos.ko
	need "insmod cmdline sample" insmod $M/dynamos-sample-cmdline.ko
	need "enable cmdline_hello" sh -c "echo 1 > $D/cmdline_hello/enabled"
	mark
	check "insmod of a livepatch on the same function fails" \
		sh -c "! insmod $M/livepatch-test-cmdline.ko 2>/tmp/klp.err"
	check "insmod reports EBUSY" grep -q "resource busy" /tmp/klp.err
	check "livepatch names the function" \
		log_has "livepatch: failed to register ftrace handler for function 'cmdline_proc_show' (-16)"
	check "livepatch gives up its patch" log_has "livepatch: failed to enable patch 'livepatch_test_cmdline'"
	check "the core says why" \
		log_has "dynamos: livepatch module livepatch_test_cmdline did not load; if it patches a function DynAMOS redirects, that is why"
	check "the core names the update holding the function" \
		log_has "dynamos: livepatch_test_cmdline: cmdline_proc_show is redirected by update cmdline_hello"
	check "the livepatch module is not loaded" sh -c "! grep -q '^livepatch_test_cmdline ' /proc/modules"
	check "no livepatch left in $L" sh -c "[ -z \"\$(ls $L)\" ]"
	check "the update keeps running" \
		sh -c "cat /proc/cmdline | grep -qF '[dynamos cmdline_hello] $ORIG_CMDLINE'"
	check "and stays enabled" sh -c "is $D/cmdline_hello/enabled 1 && is $D/cmdline_hello/transition 0"

	# two updates stacked on the function: both named, the top first
	check "insmod and enable cmdline_stack on top" \
		sh -c "insmod $M/dynamos-test-stack.ko && echo 1 > $D/cmdline_stack/enabled"
	mark
	check "the livepatch is refused again" sh -c "! insmod $M/livepatch-test-cmdline.ko 2>/dev/null"
	check "the core names both layers, the top first" \
		sh -c "dmesg | grep 'livepatch_test_cmdline: cmdline_proc_show is redirected by update' | tail -2 | \
			sed 's/.* by update //' | tr '\n' ' ' | grep -qx 'cmdline_stack cmdline_hello '"
	check "the top update runs" is /proc/cmdline "[dynamos cmdline_stack]"
	check "revert cmdline_stack" sh -c "echo 0 > $D/cmdline_stack/enabled"
	check "it drains" wait_for 10 is $D/cmdline_stack/transition 0
	check "rmmod cmdline_stack" rmmod dynamos-test-stack

	# once the update is reverted and drained, the livepatch loads
	check "revert cmdline_hello" sh -c "echo 0 > $D/cmdline_hello/enabled"
	check "it drains" wait_for 10 is $D/cmdline_hello/transition 0
	check "no ftrace handler left on cmdline_proc_show" \
		sh -c "! grep -q '^cmdline_proc_show' /sys/kernel/tracing/enabled_functions"
	mark
	check "now the livepatch loads" insmod $M/livepatch-test-cmdline.ko
	check "its transition completes" wait_for 30 is $L/livepatch_test_cmdline/transition 0
	check "/proc/cmdline shows the livepatch" grep -q "livepatch cmdline" /proc/cmdline
	check "the core logged nothing for a livepatch that loaded" log_lacks "did not load"
	check "disable the livepatch" sh -c "echo 0 > $L/livepatch_test_cmdline/enabled"
	check "livepatch disabled" wait_for 30 test ! -e $L/livepatch_test_cmdline
	check "rmmod livepatch" rmmod livepatch-test-cmdline

	# a livepatch refused by another owner: not DynAMOS's, so the core is quiet
	check "insmod kprobe on cmdline_proc_show" insmod $M/kprobe-test-cmdline.ko
	mark
	check "the livepatch is refused by the kprobe" sh -c "! insmod $M/livepatch-test-cmdline.ko 2>/dev/null"
	check "livepatch names the function" \
		log_has "livepatch: failed to register ftrace handler for function 'cmdline_proc_show' (-16)"
	check "the core blames no update: it redirects nothing" log_lacks "did not load"
	check "rmmod kprobe" rmmod kprobe-test-cmdline
	check "/proc/cmdline is the original" cmdline_is_orig
	check "rmmod all" sh -c "rmmod dynamos-sample-cmdline && rmmod dynamos"
}

# --- CPU hotplug during a drain ------------------------------------------------------
# A task pinned to CPU 1 waits inside hold's version (dynamos-test-hold.ko)
# while hold drains; CPU 1 goes offline and online meanwhile, or the task is
# released while CPU 1 is offline (it wakes on CPU 0).  The drain completes
# once the task has left.  Then enables and disables (immediate and at a
# quiescent safe point, inside stop_machine()) while CPU 1 goes on and off.
hotplug_drain() {
	C1=/sys/devices/system/cpu/cpu1/online
	H=$D/hold
	P=/sys/module/dynamos_test_hold/parameters
	need "insmod core for the hotplug checks" insmod $M/dynamos.ko
	need "CPU 1 is online and can go offline" sh -c "test -w $C1 && is $C1 1"
	need "insmod hold" insmod $M/dynamos-test-hold.ko

	# offline and online while the task waits
	check "enable hold" sh -c "echo 1 > $H/enabled"
	taskset -c 1 cat /proc/cmdline > /tmp/hold.out &
	holder=$!
	check "a task waits in the new version" wait_for 10 is $P/waiting 1
	check "it sleeps on CPU 1" sh -c "[ \"\$(cut -d' ' -f3,39 /proc/$holder/stat)\" = 'I 1' ]"
	mark
	check "revert hold" sh -c "echo 0 > $H/enabled"
	check "hold drains while the task waits" is $H/transition 1
	check "the drain names the task" \
		wait_for 5 log_has "hold: drain: cat:$holder is executing cmdline_proc_show_hold+0x"
	check "CPU 1 goes offline during the drain" sh -c "echo 0 > $C1 && is $C1 0"
	check "a new call runs the original" cmdline_is_orig
	check "the drain still waits" sh -c "sleep 0.5 && is $H/transition 1"
	check "CPU 1 comes back online" sh -c "echo 1 > $C1 && is $C1 1"
	check "the drain still waits" sh -c "sleep 0.5 && is $H/transition 1"
	check "release the task" sh -c "echo 0 > $P/hold"
	wait $holder
	check "it finished in the new version" \
		sh -c "grep -qxF '[dynamos hold] released' /tmp/hold.out"
	check "the drain completes once it has left" wait_for 10 is $H/transition 0
	check "log reports the drain" log_has "hold: drain complete"

	# the task released while its CPU is offline
	check "hold again, enable hold" sh -c "echo 1 > $P/hold && echo 1 > $H/enabled"
	taskset -c 1 cat /proc/cmdline > /tmp/hold.out &
	holder=$!
	check "a task waits in the new version on CPU 1" wait_for 10 is $P/waiting 1
	mark
	check "revert hold" sh -c "echo 0 > $H/enabled && is $H/transition 1"
	check "CPU 1 goes offline during the drain" sh -c "echo 0 > $C1 && is $C1 0"
	check "the drain still waits" sh -c "sleep 0.5 && is $H/transition 1"
	check "release the task while CPU 1 is offline" sh -c "echo 0 > $P/hold"
	wait $holder
	check "it finished in the new version" sh -c "grep -qxF '[dynamos hold] released' /tmp/hold.out"
	check "it was woken away from CPU 1" log_has "process $holder (cat) no longer affine to cpu1"
	check "the drain completes with CPU 1 offline" wait_for 10 is $H/transition 0
	check "CPU 1 comes back online" sh -c "echo 1 > $C1 && is $C1 1"
	check "rmmod hold" rmmod dynamos-test-hold

	# enables and disables while CPU 1 goes off and on
	need "insmod cmdline sample and quiet_pipe" \
		sh -c "insmod $M/dynamos-sample-cmdline.ko && insmod $M/dynamos-test-quiescent.ko"
	rm -f /tmp/hotplug.done /tmp/hotplug.bad
	(i=0; while [ $i -lt 40 ]; do
		echo 0 > $C1 || echo "offline $i" >> /tmp/hotplug.bad
		echo 1 > $C1 || echo "online $i" >> /tmp/hotplug.bad
		i=$((i + 1))
	done; touch /tmp/hotplug.done) &
	plug=$!
	n=0; during=0; writes_ok=1; marker_ok=1
	while [ ! -e /tmp/hotplug.done ] || [ $n -lt 5 ]; do
		[ -e /tmp/hotplug.done ] || during=$((during + 1))
		echo 1 > $D/cmdline_hello/enabled || writes_ok=0
		grep -qF "[dynamos cmdline_hello]" /proc/cmdline || marker_ok=0
		echo 1 > $D/quiet_pipe/enabled || writes_ok=0
		echo 0 > $D/quiet_pipe/enabled || writes_ok=0
		echo 0 > $D/cmdline_hello/enabled || writes_ok=0
		cmdline_is_orig || marker_ok=0
		n=$((n + 1))
	done
	wait $plug
	check "40 offline/online cycles of CPU 1" test ! -e /tmp/hotplug.bad
	[ -e /tmp/hotplug.bad ] && head -3 /tmp/hotplug.bad
	check "$n enable/disable cycles (immediate, quiescent), $during begun during the hotplug cycles: every write accepted" \
		sh -c "[ $writes_ok = 1 ] && [ $during -ge 3 ]"
	check "every call ran the version of the moment" [ $marker_ok = 1 ]
	check "both drain" wait_for 20 sh -c "[ \$(cat $D/cmdline_hello/transition)\$(cat $D/quiet_pipe/transition) = 00 ]"
	check "CPU 1 is online" is $C1 1
	check "no task hung" sh -c "! dmesg | grep -q 'blocked for more than'"
	check "rmmod all" sh -c "rmmod dynamos-test-quiescent && rmmod dynamos-sample-cmdline && rmmod dynamos"
}

# --- rmmod -f of a draining update with a lower layer stacked (last) --------------
# hold (dynamos-test-hold.ko) is stacked on cmdline_hello; a task waits in
# hold's version, hold is reverted and drains, and its module is removed by
# force.  The task keeps a return address into the freed text: it must never
# run again, and hold's version waits in TASK_IDLE, which no signal ends.
# Every later stack check finds that task's stack unreliable, so no later
# drain (nor quiescent or drained safe point) of this boot can complete:
# this section runs last, right before poweroff (docs/runtime.md, rmmod -f).
rmmod_f_draining() {
	H=$D/hold
	P=/sys/module/dynamos_test_hold/parameters
	need "insmod core for the forced removal" insmod $M/dynamos.ko
	# Every module this section uses is loaded before the forced removal: a
	# module loaded after it could get the freed text's addresses.
	need "insmod cmdline_hello, version_hello, quiet_pipe, hold" sh -c "insmod $M/dynamos-sample-cmdline.ko && \
		insmod $M/dynamos-sample-version.ko && insmod $M/dynamos-test-quiescent.ko && \
		insmod $M/dynamos-test-hold.ko"
	need "enable cmdline_hello, then hold on top" \
		sh -c "echo 1 > $D/cmdline_hello/enabled && echo 1 > $H/enabled"
	cat /proc/cmdline > /tmp/forced.out &
	holder=$!
	check "a task waits in hold's version" wait_for 10 is $P/waiting 1
	mark
	check "revert hold" sh -c "echo 0 > $H/enabled"
	check "hold drains" is $H/transition 1
	check "the lower layer serves calls again" \
		sh -c "cat /proc/cmdline | grep -qF '[dynamos cmdline_hello] $ORIG_CMDLINE'"
	check "the drain names the task in hold's version" \
		wait_for 5 log_has "hold: drain: cat:$holder is executing cmdline_proc_show_hold+0x"
	check "rmmod is refused during the drain" sh -c "! rmmod dynamos-test-hold 2>/dev/null"
	mark
	check "rmmod -f removes it during the drain" rmmod -f dynamos-test-hold
	check "log: removed while draining (pr_crit)" \
		log_has "hold: module dynamos_test_hold removed while the update is draining"
	check "log: unregistered" log_has "hold: unregistered"
	check "its sysfs directory is gone" test ! -e $H
	check "the module is gone" sh -c "! grep -q '^dynamos_test_hold ' /proc/modules"
	check "the task still sleeps in the freed code, never woken" \
		sh -c "[ \"\$(cut -d' ' -f3 /proc/$holder/stat)\" = I ] && [ ! -s /tmp/forced.out ]"
	c1=$(cat $D/cmdline_hello/functions/cmdline_proc_show/calls)
	r1=$(cat /proc/cmdline); r2=$(cat /proc/cmdline)
	c2=$(cat $D/cmdline_hello/functions/cmdline_proc_show/calls)
	check "the lower layer still serves calls ($c1 -> $c2)" \
		sh -c "[ $((c2 - c1)) = 2 ] && [ '$r1' = '$r2' ] && [ '$r1' = '[dynamos cmdline_hello] $ORIG_CMDLINE' ]"
	check "one ftrace handler on cmdline_proc_show" \
		sh -c "grep -c '^cmdline_proc_show' /sys/kernel/tracing/enabled_functions | grep -qx 1"

	# the lower update can still be disabled; its drain cannot prove anything
	mark
	check "disable cmdline_hello" sh -c "echo 0 > $D/cmdline_hello/enabled"
	check "/proc/cmdline is the original" cmdline_is_orig
	check "no ftrace handler left on cmdline_proc_show" \
		sh -c "! grep -q '^cmdline_proc_show' /sys/kernel/tracing/enabled_functions"
	check "its drain finds the task's stack unreliable" \
		wait_for 5 log_has "cmdline_hello: drain: cat:$holder has an unreliable stack"
	check "so it keeps draining, its module pinned" \
		sh -c "is $D/cmdline_hello/transition 1 && ! rmmod dynamos-sample-cmdline 2>/dev/null"
	check "enabling it again during the drain works" sh -c "echo 1 > $D/cmdline_hello/enabled && \
		is $D/cmdline_hello/transition 0 && grep -qF '[dynamos cmdline_hello]' /proc/cmdline"
	check "and disabling it" sh -c "echo 0 > $D/cmdline_hello/enabled"
	check "/proc/cmdline is the original again" cmdline_is_orig
	check "another update enables" sh -c "echo 1 > $D/version_hello/enabled && \
		grep -qF '[dynamos version_hello] $ORIG_VERSION' /proc/version"
	check "and disables" sh -c "echo 0 > $D/version_hello/enabled && [ \"\$(cat /proc/version)\" = '$ORIG_VERSION' ]"
	check "its drain cannot complete either" sh -c "sleep 1.5 && is $D/version_hello/transition 1"
	mark
	check "a quiescent safe point cannot be reached" sh -c "! echo 1 > $D/quiet_pipe/enabled 2>/dev/null"
	check "it names the task with the unreliable stack" \
		log_has "quiet_pipe: enable: task $holder (cat) has an unreliable stack"
	check "quiet_pipe stays disabled" sh -c "is $D/quiet_pipe/enabled 0 && is $D/quiet_pipe/transition 0"
	check "rmmod of the core is refused" sh -c "! rmmod dynamos 2>/dev/null"
	echo "rmmod -f: task $holder stays asleep in the freed code of dynamos_test_hold until poweroff"
}

# --- functions of loadable modules ------------------------------------------------------
# modfix (dynamos-test-module.ko) replaces bm_status_read() of binfmt_misc, a
# module of the kernel's own: enabled before the module loads, the function
# is redirected as the module loads; the module can go and come back; and an
# update built for another build of the module (modbad) is refused while the
# module is loaded, and makes the module's load fail while it is enabled.
module_functions() {
	BM=$M/binfmt_misc.ko
	F=$D/modfix/functions/bm_status_read
	ST=/proc/sys/fs/binfmt_misc/status
	need "insmod core for module functions" insmod $M/dynamos.ko
	need "binfmt_misc is not loaded" sh -c "! grep -q '^binfmt_misc ' /proc/modules"
	need "insmod modfix" insmod $M/dynamos-test-module.ko
	check "its function waits for binfmt_misc" is $F/module "binfmt_misc not loaded"
	check "its address is 0 meanwhile" is $F/old_addr 0x0
	mark
	check "enable modfix before binfmt_misc loads" sh -c "echo 1 > $D/modfix/enabled"
	check "log: the function waits for its module" log_has "modfix: enabled: 1 function redirected.*wait for them"
	check "load binfmt_misc" sh -c "insmod $BM && mount -t binfmt_misc none /proc/sys/fs/binfmt_misc"
	check "its function runs the new version from its first call" is $ST "dynamos: enabled"
	check "sysfs: binfmt_misc loaded" is $F/module "binfmt_misc loaded"
	check "old_addr is the module's bm_status_read" sh -c "grep -q \"^\$(sed 's/^0x//' $F/old_addr) t bm_status_read.\[binfmt_misc\]\" /proc/kallsyms"
	check "the new version reads the module's static through the core's address" \
		sh -c "echo 0 > $ST && is $ST 'dynamos: disabled' && echo 1 > $ST && is $ST 'dynamos: enabled'"
	check "the original, called past its fentry site, runs unredirected" \
		sh -c "[ \"\$(dd if=$ST bs=1 count=1 2>/dev/null)\" = e ]"
	check "calls are counted" sh -c "[ \$(cat $F/calls) -ge 6 ]"
	check "binfmt_misc can be removed under the enabled update" \
		sh -c "umount /proc/sys/fs/binfmt_misc && rmmod binfmt_misc"
	check "sysfs: binfmt_misc not loaded again" is $F/module "binfmt_misc not loaded"
	check "no ftrace handler left in the module's place" \
		sh -c "! grep -q bm_status_read /sys/kernel/tracing/enabled_functions"
	check "modfix is still enabled" is $D/modfix/enabled 1
	check "binfmt_misc loads again, redirected again" \
		sh -c "insmod $BM && mount -t binfmt_misc none /proc/sys/fs/binfmt_misc && is $ST 'dynamos: enabled'"
	check "disable modfix" sh -c "echo 0 > $D/modfix/enabled && is $ST enabled"
	wait_for 10 is $D/modfix/transition 0
	check "enable modfix with binfmt_misc loaded first" sh -c "echo 1 > $D/modfix/enabled && is $ST 'dynamos: enabled'"
	check "disable it again: the module's own function" sh -c "echo 0 > $D/modfix/enabled && is $ST enabled"
	wait_for 10 is $D/modfix/transition 0
	check "rmmod modfix" rmmod dynamos-test-module
	mark
	check "an update built for another binfmt_misc is refused while it is loaded" \
		sh -c "! insmod $M/dynamos-test-module.ko size=0x1000 2>/dev/null"
	check "log: module mismatch, named" \
		log_has "modbad: module mismatch: expected bm_status_read+0x0/0x1000 \[binfmt_misc\], found bm_status_read+0x0/"
	check "remove binfmt_misc" sh -c "umount /proc/sys/fs/binfmt_misc && rmmod binfmt_misc"
	check "the same update registers while binfmt_misc is not loaded" insmod $M/dynamos-test-module.ko size=0x1000
	check "and enables" sh -c "echo 1 > $D/modbad/enabled"
	mark
	check "binfmt_misc then fails to load: it would run unpatched" sh -c "! insmod $BM 2>/dev/null"
	check "log: refusing module binfmt_misc, update named" \
		log_has "refusing module binfmt_misc: update modbad is enabled and does not match it"
	check "disable modbad: binfmt_misc loads, unpatched" sh -c "echo 0 > $D/modbad/enabled && insmod $BM && \
		mount -t binfmt_misc none /proc/sys/fs/binfmt_misc && is $ST enabled"
	wait_for 10 is $D/modbad/transition 0
	mark
	check "enabling modbad is refused while binfmt_misc is loaded" sh -c "! echo 1 > $D/modbad/enabled 2>/dev/null"
	check "log: cannot enable, function named" \
		log_has "modbad: cannot enable: module binfmt_misc is loaded, but its bm_status_read is not the function"
	check "rmmod all" sh -c "umount /proc/sys/fs/binfmt_misc && rmmod binfmt_misc && \
		rmmod dynamos-test-module && rmmod dynamos"
	check "no warning" sh -c "! dmesg | grep -q -e 'WARNING: CPU:' -e 'BUG:' -e 'Oops'"
}

echo "--- functions of loadable modules ---"
module_functions

echo "--- livepatch after an update ---"
livepatch_after_update
echo "--- CPU hotplug during a drain ---"
hotplug_drain
# Last: it leaves a task asleep in freed code (see the function).
echo "--- rmmod -f during a drain ---"
rmmod_f_draining

echo "--- dynamos kernel log ---"
dmesg | grep -E "dynamos|cmdline_hello|version_hello|sleeper|cmdline_stack|loadavg_adaptive|half_applied|mismatch:|hold:|livepatch" | grep -v "enabled: \|reverted; \|drain complete" | tail -200
echo "--- end of log ---"
echo "GUEST DONE: failed=$failed"
poweroff -f
