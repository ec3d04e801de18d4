#!/usr/bin/env bash
# Runs every test: unit and golden tests, tests on the real kernel image, and
# the tests that boot the kernel in QEMU. Sets the machine up first (see
# setup.sh; quick when already done).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$repo/scripts/setup.sh"
cd "$repo"
mvn -B test "$@"
# The runtime core's own QEMU checks: drain after revert, other ftrace owners
# (livepatch, kprobe), image mismatch, forced removal (uses the binder built above).
runtime-kmod/test/run-qemu.sh
# Quiescent and drained safe points in a guest (blocked readers, groups under
# load, calls in flight).
runtime-kmod/test/run-qemu.sh --safepoints
# The VS Code extension: grammar tests, keyword sync with the ANTLR grammar, packaging.
(cd vscode-syntax && npm ci --no-audit --no-fund && npm test)
