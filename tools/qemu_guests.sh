# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
# Sourced by the demo (tools/demo_vms.sh) and the tests that launch QEMU
# guests with vmgate-launch behind the real dataplane
# (tests/vmm/launch/qemu_stack.sh): the guest image, the policy's guest
# entries with their approved measurements, the PCR values a launch must
# leave, the dataplane, and the launch itself, every process by its PID.
# Set before sourcing: build (the build directory), src (the source tree).
#
#   qs_kvm_works                 KVM can run a stock kernel here (the
#                                launcher's rule: vmx or svm in
#                                /proc/cpuinfo and /dev/kvm opens)
#   stop_pid PID                 TERM, then KILL after 5 s; reaped
#   qs_teardown PID...           stop_pid each PID, then the root swtpm in
#                                $root and the namespace $ns (when set),
#                                and $tmp unless KEEP is set
#   wait_until SECONDS CMD...    CMD succeeds within SECONDS
#   said CONSOLE TEXT            the console file holds TEXT
#   sum FILE, text_sum TEXT      SHA-256, hex
#   extend HEX DIGEST...         a PCR's value after extending each DIGEST
#   qs_image DIR                 builds the guest image into DIR
#   qs_guest NAME MAC IPV4/LEN VHOST_SOCKET IMAGE DISK CMDLINE [KEYS]
#                                a policy `guests` entry: its launch and the
#                                launch's digests as its approved
#                                measurements, plus KEYS (more settings of
#                                the entry, e.g. 'groups = ["web"];')
#   qs_launch_pcrs IMAGE DISK CMDLINE
#                                "PCR8 PCR9": what the guest must read after
#                                its launch (the event log's replay)
#   qs_dataplane NS POLICY LOG   creates the namespace NS and starts the
#                                dataplane in it; sets qs_pid
#   qs_launch NAME POLICY SEED CONSOLE LOG
#                                starts vmgate-launch, QEMU as nobody; sets qs_pid

qs_launcher=$build/vmm-glue/launch/vmgate-launch

# The same test as vmgate-launch's: some hosts have a software hypervisor
# behind /dev/kvm and no vmx/svm flag, and a stock kernel hangs there.
qs_kvm_works() {
	grep -qwE 'vmx|svm' /proc/cpuinfo 2> /dev/null || return 1
	{ : < /dev/kvm; } 2> /dev/null
}

stop_pid() {
	[ -n "$1" ] || return 0
	kill "$1" 2> /dev/null
	for _ in $(seq 50); do kill -0 "$1" 2> /dev/null || break; sleep 0.1; done
	kill -9 "$1" 2> /dev/null
	wait "$1" 2> /dev/null
}

qs_teardown() {
	local p
	for p in "$@"; do stop_pid "$p"; done
	[ -z "${root:-}" ] || "$src/tools/root_swtpm.sh" stop "$root" > /dev/null 2>&1
	[ -z "${ns:-}" ] || ip netns del "$ns" 2> /dev/null
	[ -n "${KEEP:-}" ] || [ -z "${tmp:-}" ] || rm -rf "$tmp"
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
	local name=$1 mac=$2 ip=$3 sock=$4 img=$5 disk=$6 cmdline=$7 keys=${8:-}
	cat <<CONF
  { name = "$name"; mac = "$mac"; ipv4 = "$ip"; vhost_socket = "$sock";${keys:+ $keys}
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
