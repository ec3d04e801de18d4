#!/usr/bin/env bash
# Prepares a Debian 12 or 13 machine for dynamos: installs the packages it
# needs, builds the command line and fetches the default kernel (Debian 12's
# cloud-amd64 kernel, on either host). Safe to run again: it only does what
# is missing. Needs root (or sudo) for apt-get.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

sudo=
if [[ $(id -u) != 0 ]]; then
    sudo=sudo
fi

# Java and Maven build dynamos; make and gcc-12 build kernel modules with the
# kernel's own kbuild (Debian 12's kernel headers call gcc-12 by name, also on
# Debian 13); libelf is what kbuild's objtool links against; QEMU and a static
# busybox boot the kernel for `dynamos try` and the tests; xz unpacks the
# kernel's source tree (updates that include its internal headers).
packages=(default-jdk-headless maven make gcc-12 libelf-dev qemu-system-x86 busybox-static xz-utils)
# Node.js and npm run the editor extension's tests (vscode-syntax/); a Node.js
# installed some other way (with its own npm) is kept.
command -v npm >/dev/null || packages+=(nodejs npm)
# Capstone disassembles kernel functions for cloning (loaded through JNA):
# libcapstone4 on Debian 12, libcapstone5 from Debian 13 on. Decided by the
# release, not by apt-cache: before the first apt-get update its lists may be empty.
debian_version=$(. /etc/os-release 2>/dev/null && echo "${VERSION_ID%%.*}")
if [[ ${debian_version:-12} -ge 13 ]]; then
    packages+=(libcapstone5)
else
    packages+=(libcapstone4)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if (( ${#missing[@]} )); then
    echo "setup: installing ${missing[*]}" >&2
    $sudo apt-get update -q
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

"$repo/dynamos" kernel fetch
