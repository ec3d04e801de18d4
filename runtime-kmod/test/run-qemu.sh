#!/bin/bash
# run-qemu.sh - build the DynAMOS runtime core, the sample updates and the
# test modules, bind them to the kernel image, boot that kernel in QEMU
# (TCG, 2 CPUs, KASLR on) and run guest-init.sh in it.
#
# Usage: runtime-kmod/test/run-qemu.sh [-k] [--rounds N] [--cycles N] [--overhead | --safepoints | --guest SCRIPT]
#   -k		keep the work directory (build tree, initramfs, console log;
#		while the guest runs, its QEMU monitor is WORK/monitor.sock)
#   --rounds N	soak: run the functional checks N times in one boot
#   --cycles N	enable/disable cycles under load after the checks (default 500)
#   --overhead	instead of the functional checks (guest-init.sh), measure
#		the cost of a redirected call against the original and
#		livepatch (guest-overhead.sh), with -icount on one CPU
#   --guest SCRIPT	run SCRIPT as the guest's /init instead (2 CPUs); it
#		may source /lib/dynamos/guest-lib.sh
#
# Environment:
#   DYNAMOS_KERNEL	kernel ABI, e.g. 6.1.0-57-cloud-amd64 (default: the
#			newest one in ~/.cache/dynamos/kernels, see
#			`dynamos kernel fetch`)
#   KDIR, VMLINUZ, VMLINUX	override the paths derived from it
#   DYNAMOS_BIND	binder command, run as `$DYNAMOS_BIND KO VMLINUX SYMVERS`;
#			default: org.dynamos.bind.BindMain from compiler/target/classes
#   QEMU_TIMEOUT	seconds (default 300)
#
# Exit status: 0 if every guest check passed and the kernel logged no
# warning, bug or oops; 1 otherwise; 2 if the environment is incomplete.

set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
KMOD=$(dirname "$HERE")
REPO=$(dirname "$KMOD")

die() { echo "run-qemu: $*" >&2; exit 2; }

keep=0
mode=checks
rounds=1
cycles=500
guest=$HERE/guest-init.sh
while [ $# -gt 0 ]; do
	case $1 in
	-k) keep=1 ;;
	--overhead) mode=overhead; guest=$HERE/guest-overhead.sh ;;
	--safepoints) guest=$HERE/guest-safepoint.sh ;;
	--guest) [ $# -ge 2 ] || die "--guest needs a script"; guest=$2; shift ;;
	--rounds) [ "${2:-}" -ge 1 ] 2>/dev/null || die "--rounds needs a count"; rounds=$2; shift ;;
	--cycles) [ "${2:-}" -ge 0 ] 2>/dev/null || die "--cycles needs a count"; cycles=$2; shift ;;
	*) echo "usage: $0 [-k] [--rounds N] [--cycles N] [--overhead | --safepoints | --guest SCRIPT]" >&2; exit 2 ;;
	esac
	shift
done
[ -f "$guest" ] || die "no guest script $guest"

# --- kernel ---------------------------------------------------------------------
KCACHE=${DYNAMOS_KERNELS:-$HOME/.cache/dynamos/kernels}
if [ -z "${DYNAMOS_KERNEL:-}" ]; then
	DYNAMOS_KERNEL=$(ls -1 "$KCACHE" 2>/dev/null | sort -V | tail -1)
	[ -n "$DYNAMOS_KERNEL" ] || die "no kernel in $KCACHE (run: dynamos kernel fetch)"
fi
KROOT=$KCACHE/$DYNAMOS_KERNEL/root
KDIR=${KDIR:-$KROOT/usr/src/linux-headers-$DYNAMOS_KERNEL}
VMLINUZ=${VMLINUZ:-$KROOT/boot/vmlinuz-$DYNAMOS_KERNEL}
VMLINUX=${VMLINUX:-$KROOT/usr/lib/debug/boot/vmlinux-$DYNAMOS_KERNEL}
for f in "$KDIR/Makefile" "$VMLINUZ" "$VMLINUX"; do
	[ -e "$f" ] || die "missing $f"
done
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 not installed"
BUSYBOX=$(command -v busybox || true)
[ -n "$BUSYBOX" ] && file -L "$BUSYBOX" | grep -q "statically linked" ||
	die "a static busybox is needed (apt-get install busybox-static)"

# --- binder ---------------------------------------------------------------------
if [ -z "${DYNAMOS_BIND:-}" ]; then
	classes=$REPO/compiler/target/classes
	[ -f "$classes/org/dynamos/bind/BindMain.class" ] ||
		die "no binder: build the compiler (mvn -pl compiler compile) or set DYNAMOS_BIND"
	DYNAMOS_BIND="java -cp $classes org.dynamos.bind.BindMain"
fi

WORK=$(mktemp -d /tmp/dynamos-qemu.XXXXXX)
if [ $keep = 0 ]; then
	trap 'rm -rf "$WORK"' EXIT
else
	echo "run-qemu: work directory $WORK"
fi

# --- build ----------------------------------------------------------------------
# In a copy, so the source tree stays clean.
cp -r "$KMOD/include" "$KMOD/core" "$KMOD/samples" "$WORK/"
mkdir -p "$WORK/test"
cp -r "$HERE/fixtures" "$WORK/test/"

kbuild() {
	local dir=$1; shift
	make -s -C "$KDIR" M="$dir" KBUILD_MODPOST_WARN=1 "$@" modules \
		> "$dir/build.log" 2>&1 || { cat "$dir/build.log"; die "build of $dir failed"; }
	# modpost warns about the non-exported symbols, which are bound below.
	if grep -v -e "WARNING: modpost: .* undefined!" -e "suppressed .* unresolved symbol" \
		-e "Skipping BTF generation" "$dir/build.log" | grep -q -e "warning:" -e "WARNING"; then
		cat "$dir/build.log"; die "build of $dir has warnings"
	fi
}
echo "run-qemu: building against $KDIR"
kbuild "$WORK/core"
kbuild "$WORK/samples" KBUILD_EXTRA_SYMBOLS="$WORK/core/Module.symvers"
kbuild "$WORK/test/fixtures" KBUILD_EXTRA_SYMBOLS="$WORK/core/Module.symvers"

# --- bind and pack ----------------------------------------------------------------
ROOTFS=$WORK/rootfs
mkdir -p "$ROOTFS"/{bin,dev,etc,proc,sys,tmp,lib/dynamos}
for ko in "$WORK"/core/*.ko "$WORK"/samples/*.ko "$WORK"/test/fixtures/*.ko; do
	$DYNAMOS_BIND "$ko" "$VMLINUX" "$KDIR/Module.symvers" "$WORK/core/Module.symvers" ||
		die "binding $ko failed"
	cp "$ko" "$ROOTFS/lib/dynamos/"
done
# A RAM disk of the kernel's own, whose page cache gives kswapd something to reclaim.
BRD=$KROOT/lib/modules/$DYNAMOS_KERNEL/kernel/drivers/block/brd.ko
[ -f "$BRD" ] && cp "$BRD" "$ROOTFS/lib/dynamos/"
# A module of the kernel's own whose function an update replaces (module_functions).
cp "$KROOT/lib/modules/$DYNAMOS_KERNEL/kernel/fs/binfmt_misc.ko" "$ROOTFS/lib/dynamos/" ||
	die "the kernel package has no binfmt_misc.ko"
cp "$BUSYBOX" "$ROOTFS/bin/busybox"
ln -s busybox "$ROOTFS/bin/sh"
cp "$HERE/guest-lib.sh" "$ROOTFS/lib/dynamos/"
cp "$guest" "$ROOTFS/init"
gcc -static -O2 -o "$ROOTFS/bin/getppid-bench" "$HERE/getppid-bench.c" ||
	die "cannot build a static getppid-bench (libc6-dev needed)"
if [ $mode = overhead ]; then
	# 1 ns of guest time = 1 instruction; one vCPU
	QEMU_MODE="-smp 1 -icount shift=0,sleep=off"
	QEMU_ACCEL=tcg
else
	# Two vCPUs run by one host thread.  Multi-threaded TCG (QEMU 7.2) can
	# keep executing a stale translation of a patched call site: a CPU
	# loops forever on an int3 that text_poke_bp() has already replaced
	# (seen on cmdline_proc_show under load, 1 run in ~20).  With one
	# thread the guest is still SMP and tasks still run on both CPUs.
	QEMU_MODE="-smp 2"
	QEMU_ACCEL="tcg,thread=single"
fi
chmod +x "$ROOTFS/init"
mknod -m 600 "$ROOTFS/dev/console" c 5 1 2>/dev/null ||
	die "mknod /dev/console failed (run as root)"
(cd "$ROOTFS" && find . | busybox cpio -o -H newc 2>/dev/null) | gzip -1 > "$WORK/initramfs.cpio.gz"

# --- boot ---------------------------------------------------------------------------
LOG=$WORK/console.log
echo "run-qemu: booting $DYNAMOS_KERNEL ($QEMU_ACCEL, $QEMU_MODE)"
timeout "${QEMU_TIMEOUT:-$((120 + 120 * rounds + cycles))}" qemu-system-x86_64 -accel $QEMU_ACCEL -cpu max -m 512M \
	$QEMU_MODE -nographic -no-reboot -monitor unix:"$WORK/monitor.sock",server,nowait \
	-kernel "$VMLINUZ" -initrd "$WORK/initramfs.cpio.gz" \
	-append "console=ttyS0 panic=-1 oops=panic log_buf_len=4M dynamos_rounds=$rounds dynamos_cycles=$cycles" > "$LOG" 2>&1 || true
tr -d '\r' < "$LOG" > "$LOG.txt"

# --- verdict ------------------------------------------------------------------------
sed -n '/GUEST START/,$p' "$LOG.txt"
status=0
if ! grep -q "GUEST DONE" "$LOG.txt"; then
	echo "run-qemu: the guest did not finish (see $LOG.txt)"
	status=1
fi
if grep -q "CHECK FAIL" "$LOG.txt"; then
	echo "run-qemu: failed checks:"
	grep "CHECK FAIL" "$LOG.txt"
	status=1
fi
if grep -E "WARNING: CPU:|BUG:|Oops|Call Trace:|Kernel panic" "$LOG.txt"; then
	echo "run-qemu: kernel trouble in the console log"
	status=1
fi
echo "run-qemu: $(grep -c "CHECK ok" "$LOG.txt") checks passed, $(grep -c "CHECK FAIL" "$LOG.txt") failed"
grep -E "^(OVERHEAD|LATENCY|SAFEPOINT)" "$LOG.txt" || true
[ $status = 0 ] && echo "run-qemu: PASS" || echo "run-qemu: FAIL"
exit $status
