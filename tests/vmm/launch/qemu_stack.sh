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
#   stop_pid PID                 TERM, then KILL after 5 s; reaped
#   wait_until SECONDS CMD...    CMD succeeds within SECONDS
#   said CONSOLE TEXT            the console file holds TEXT
#   sum FILE, text_sum TEXT      SHA-256, hex
#   extend HEX DIGEST...         a PCR's value after extending each DIGEST
#   qs_image DIR                 builds the guest image into DIR
#   qs_guest NAME MAC IPV4/LEN VHOST_SOCKET IMAGE DISK CMDLINE
#                                a policy `guests` entry: its launch and the
#                                launch's digests as its approved measurements
#   qs_launch_pcrs IMAGE DISK CMDLINE
#                                "PCR8 PCR9": what the guest must read after
#                                its launch (the event log's replay)
#   qs_dataplane NS POLICY LOG   creates the namespace NS and starts the
#                                dataplane in it; sets qs_pid
#   qs_launch NAME POLICY SEED CONSOLE LOG
#                                starts vmgate-launch, QEMU as nobody; sets qs_pid
#   qs_tcg_notice LOG NAME       once QEMU runs: a loud warning under TCG

qs_launcher=$build/vmm-glue/launch/vmgate-launch

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

stop_pid() {
	[ -n "$1" ] || return 0
	kill "$1" 2> /dev/null
	for _ in $(seq 50); do kill -0 "$1" 2> /dev/null || break; sleep 0.1; done
	kill -9 "$1" 2> /dev/null
	wait "$1" 2> /dev/null
}

wait_until() {
	local until=$(( $(date +%s) + $1 ))
	shift
	while [ "$(date +%s)" -le "$until" ]; do "$@" && return 0; sleep 0.5; done
	return 1
}

said() { grep -aqF -- "$2" "$1" 2> /dev/null; }
sum() { sha256sum "$1" | cut -d' ' -f1; }
text_sum() { printf %s "$1" | sha256sum | cut -d' ' -f1; }
extend() { python3 -c 'import hashlib, sys
v = bytes.fromhex(sys.argv[1])
for d in sys.argv[2:]: v = hashlib.sha256(v + bytes.fromhex(d)).digest()
print(v.hex())' "$@"; }

# Prints the builder's output only when it fails.
qs_image() {
	"$src/tools/guest_image.sh" --agent "$build/authd/vmgate-agent" "$1" > "$1.out" 2>&1 ||
		{ cat "$1.out"; return 1; }
}

qs_guest() {
	local name=$1 mac=$2 ip=$3 sock=$4 img=$5 disk=$6 cmdline=$7
	cat <<CONF
  { name = "$name"; mac = "$mac"; ipv4 = "$ip"; vhost_socket = "$sock";
    launch = { kernel = "$img/vmlinuz"; initrd = "$img/initrd.img";
      disk = "$disk"; cmdline = "$cmdline"; };
    measurements = { kernel = "$(sum "$img/vmlinuz")"; initrd = "$(sum "$img/initrd.img")";
      cmdline = "$(text_sum "$cmdline")"; disk = "$(sum "$disk")"; }; }
CONF
}

# vmgate-measure's layout: PCR 8 the kernel, then the command line; PCR 9
# the initrd, then the disk.
qs_launch_pcrs() {
	local img=$1 disk=$2 cmdline=$3 zero
	zero=$(printf '%064d' 0)
	echo "$(extend "$zero" "$(sum "$img/vmlinuz")" "$(text_sum "$cmdline")")" \
		"$(extend "$zero" "$(sum "$img/initrd.img")" "$(sum "$disk")")"
}

qs_dataplane() {
	ip netns add "$1" || return 1
	ip netns exec "$1" "$build/dataplane/vmgate-dataplane" -c "$2" > "$3" 2>&1 &
	qs_pid=$!
}

qs_launch() {
	"$qs_launcher" -c "$2" --guest "$1" --seed "$3" --user nobody --console "$4" 2> "$5" &
	qs_pid=$!
}

qs_tcg_notice() {
	wait_until 10 grep -q "QEMU running" "$1"
	if grep -q "under TCG" "$1"; then
		echo "vmm: WARNING: no usable KVM here: guest $2 runs under TCG (slow; this test" \
			"proves behaviour, not timing)"
	fi
}
