# guest-lib.sh - shared by the run-qemu.sh guest scripts (busybox sh):
# mounts, and check helpers printing "CHECK ok: ..." / "CHECK FAIL: ...".

/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs tmpfs /tmp

M=/lib/dynamos
D=/sys/kernel/dynamos
failed=0

ok()   { echo "CHECK ok: $*"; }
fail() { echo "CHECK FAIL: $*"; failed=1; }
check() {
	desc=$1; shift
	if "$@"; then ok "$desc"; else fail "$desc"; fi
}
# need: a check the rest depends on; stop the run if it fails
need() {
	check "$@"
	[ $failed = 0 ] || { dmesg | tail -40; echo "GUEST DONE: failed=1 (stopped)"; poweroff -f; }
}
# Log checks look only at lines logged after the last mark (by timestamp:
# line counts stop growing once the ring buffer wraps in soak runs).
stamp() { sed -n 's/^\[ *\([0-9]*\.[0-9]*\)\].*/\1/p'; }
mark() { dmesg | tail -1 | stamp > /tmp/mark; }
log_has() {
	dmesg | awk -v m="$(cat /tmp/mark)" \
		'{ t = substr($0, 2, index($0, "]") - 2) + 0; if (t > m + 0) print }' |
		grep -q -- "$1"
}
# wait_for SECONDS CMD...: poll every 0.1 s
wait_for() {
	n=$(($1 * 10)); shift
	while [ $n -gt 0 ]; do
		"$@" && return 0
		sleep 0.1; n=$((n - 1))
	done
	return 1
}
# is FILE TEXT: the file reads TEXT (also a command, for sh -c "...")
printf '#!/bin/sh\n[ "$(cat "$1")" = "$2" ]\n' > /bin/is
chmod +x /bin/is
loaded() { grep -q "^$1 " /proc/modules; }
