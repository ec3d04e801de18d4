#!/bin/sh
# guest-init.sh - /init of the run-qemu.sh initramfs (busybox sh).
#
# Exercises the runtime core and the sample updates, printing one line per
# check:  "CHECK ok: ..." or "CHECK FAIL: ...".  The host fails the run on
# any FAIL, on kernel warnings, or if "GUEST DONE" never appears.

. /lib/dynamos/guest-lib.sh

cmdline_is_orig() { [ "$(cat /proc/cmdline)" = "$ORIG_CMDLINE" ]; }

echo "GUEST START: $(nproc) CPUs"
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
	check "enabled is 0644" sh -c "ls -l $D/cmdline_hello/enabled | grep -q '^-rw-r--r-- '"

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

	# --- a second owner of the same function is refused --------------------------
	check "insmod conflicting update" insmod $M/dynamos-test-conflict.ko
	mark
	check "enabling it fails" sh -c "! echo 1 > $D/cmdline_again/enabled"
	check "log names the owning update" \
		log_has "cmdline_again: cannot redirect cmdline_proc_show: update cmdline_hello redirects it"
	check "it stays disabled" is $D/cmdline_again/enabled 0
	check "rmmod conflicting update" rmmod dynamos-test-conflict

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
	check "rmmod kprobe" rmmod kprobe-test-cmdline
	check "now cmdline_hello enables again" sh -c "echo 1 > $D/cmdline_hello/enabled"

	# --- teardown --------------------------------------------------------------------
	check "revert cmdline_hello" sh -c "echo 0 > $D/cmdline_hello/enabled"
	check "revert version_hello" sh -c "echo 0 > $D/version_hello/enabled"
	check "/proc/version is the original again" [ "$(cat /proc/version)" = "$ORIG_VERSION" ]
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

echo "--- dynamos kernel log ---"
dmesg | grep -E "dynamos|cmdline_hello|version_hello|sleeper|cmdline_again|mismatch:" | tail -200
echo "--- end of log ---"
echo "GUEST DONE: failed=$failed"
poweroff -f
