# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
# Sourced by the tests that launch QEMU guests with vmgate-launch behind the
# real dataplane (guest_pcrs.sh, two_guests.sh): what they need, the guest
# image, the policy's guest entries with their approved measurements, the
# PCR values a launch must leave, and the launch itself.
# Set before sourcing: build (the build directory), src (the source tree).
#
#   skip WHY                     prints "SKIP: WHY", exits 77 (meson's skip)
#   qs_require                   skips, saying why, unless root, QEMU, the
#                                kernel, busybox and the tools are here
#   qs_tcg_notice LOG NAME       once QEMU runs: a loud warning under TCG
# and what the demo shares, from tools/qemu_guests.sh: stop_pid, wait_until,
# said, sum, text_sum, extend, qs_image, qs_guest, qs_launch_pcrs,
# qs_dataplane, qs_launch (each described there).

. "$src/tools/qemu_guests.sh"

skip() { echo "SKIP: $*"; exit 77; }

qs_require() {
	local t
	[ "$(id -u)" -eq 0 ] || skip "needs root (network namespace, the kernel in /boot, QEMU's user)"
	command -v qemu-system-x86_64 > /dev/null ||
		skip "QEMU is not installed (tools/setup.sh installs qemu-system-x86)"
	for t in ip swtpm python3 cpio gzip modinfo tar; do
		command -v "$t" > /dev/null || skip "missing $t (tools/setup.sh installs it)"
	done
	ls /boot/vmlinuz-* > /dev/null 2>&1 ||
		skip "no Debian kernel in /boot (tools/setup.sh installs linux-image-amd64)"
	[ -x /bin/busybox ] || skip "no /bin/busybox (tools/setup.sh installs busybox-static)"
	getent passwd nobody > /dev/null || skip "no user 'nobody' to run QEMU as"
}

qs_tcg_notice() {
	wait_until 10 grep -q "QEMU running" "$1"
	if grep -q "under TCG" "$1"; then
		echo "vmm: WARNING: no usable KVM here: guest $2 runs under TCG (slow; this test" \
			"proves behaviour, not timing)"
	fi
}
