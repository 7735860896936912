#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# A QEMU guest launched by vmgate-launch sees, in its own vTPM, PCR 8 and 9
# equal to what the launch event log predicts (vmgate-measure's layout):
# the launcher relays QEMU's vTPM and extends the measurements after the
# firmware's TPM2_Startup, which is what clears them. Also: QEMU runs as
# the unprivileged user given, not root; the guest's seed disk carries the
# event log; SIGTERM stops QEMU cleanly and the launcher exits with QEMU's
# status; the swtpm survives QEMU (it is vtpmd's, not QEMU's, to stop).
# A plain swtpm stands in for vtpmd's at vtpmd's socket paths; the
# dataplane serves the guest's vhost-user port. Runs under TCG where KVM
# does not really work (and says so).
#   guest_pcrs.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
launch=$build/vmm-glue/launch/vmgate-launch

skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root (network namespace, the kernel in /boot, QEMU's user)"
command -v qemu-system-x86_64 > /dev/null ||
	skip "QEMU is not installed (tools/setup.sh installs qemu-system-x86)"
for t in ip swtpm python3 cpio gzip modinfo; do
	command -v "$t" > /dev/null || skip "missing $t (tools/setup.sh installs it)"
done
ls /boot/vmlinuz-* > /dev/null 2>&1 ||
	skip "no Debian kernel in /boot (tools/setup.sh installs linux-image-amd64)"
[ -x /bin/busybox ] || skip "no /bin/busybox (tools/setup.sh installs busybox-static)"
getent passwd nobody > /dev/null || skip "no user 'nobody' to run QEMU as"

tmp=$(mktemp -d)
ns=vglaunch$$
. "$src/tests/checks.sh"
launch_pid="" swtpm_pid="" dp_pid=""
stop_pid() {  # stop_pid PID: TERM, then KILL after 5 s; reaped
	[ -n "$1" ] || return 0
	kill "$1" 2> /dev/null
	for _ in $(seq 50); do kill -0 "$1" 2> /dev/null || break; sleep 0.1; done
	kill -9 "$1" 2> /dev/null
	wait "$1" 2> /dev/null
}
cleanup() {
	stop_pid "$launch_pid"
	stop_pid "$dp_pid"
	stop_pid "$swtpm_pid"
	ip netns del "$ns" 2> /dev/null
	[ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT
wait_until() {  # wait_until SECONDS CMD...
	local until=$(( $(date +%s) + $1 ))
	shift
	while [ "$(date +%s)" -le "$until" ]; do "$@" && return 0; sleep 0.5; done
	return 1
}
said() { grep -aqF -- "$1" "$tmp/console.log" 2> /dev/null; }
sum() { sha256sum "$1" | cut -d' ' -f1; }
# extend HEX DIGEST...: the PCR value after extending each digest from HEX.
extend() { python3 -c 'import hashlib, sys
v = bytes.fromhex(sys.argv[1])
for d in sys.argv[2:]: v = hashlib.sha256(v + bytes.fromhex(d)).digest()
print(v.hex())' "$@"; }

"$src/tools/guest_image.sh" --agent "$build/authd/vmgate-agent" "$tmp/img" > "$tmp/image.out" 2>&1 ||
	{ cat "$tmp/image.out"; exit 1; }
chmod 755 "$tmp"
truncate -s 1M "$tmp/disk.img"
run=$tmp/run
mkdir -p "$run/vtpm" "$tmp/tpm" "$tmp/seed"
chmod 700 "$tmp/tpm"
cmdline="console=ttyS0 quiet panic=-1 vmgate.name=web vmgate.ip=10.77.0.10/24"
cat > "$tmp/policy.conf" <<CONF
gateway = { name = "gw"; runtime_dir = "$run"; control_mac = "02:00:00:0e:00:01";
  control_ipv4 = "10.77.0.1/24"; cores = [1]; memory_mb = 256; hugepages = "off"; };
root_tpm = { tcti = "swtpm:path=$tmp/none.sock"; state_dir = "$tmp/state"; };
guests = (
  { name = "web"; mac = "52:54:00:0e:00:0a"; ipv4 = "10.77.0.10/24";
    vhost_socket = "$run/vhost-web.sock";
    launch = { kernel = "$tmp/img/vmlinuz"; initrd = "$tmp/img/initrd.img";
      disk = "$tmp/disk.img"; cmdline = "$cmdline"; };
    measurements = { kernel = "$(sum "$tmp/img/vmlinuz")"; initrd = "$(sum "$tmp/img/initrd.img")";
      cmdline = "$(printf %s "$cmdline" | sha256sum | cut -d' ' -f1)";
      disk = "$(sum "$tmp/disk.img")"; }; }
);
vmm = { audit_log = "$tmp/audit.log"; };
CONF
for f in ca.der ak.der tls.der; do head -c 64 /dev/urandom > "$tmp/seed/$f"; done
echo 10.77.0.1:7447 > "$tmp/seed/connect"
echo gw > "$tmp/seed/gateway"
printf '%064d\n' 0 > "$tmp/seed/gateway-pcr23"

zero=$(printf '%064d' 0)
pcr8=$(extend "$zero" "$(sum "$tmp/img/vmlinuz")" "$(printf %s "$cmdline" | sha256sum | cut -d' ' -f1)")
pcr9=$(extend "$zero" "$(sum "$tmp/img/initrd.img")" "$(sum "$tmp/disk.img")")

# The guest's vTPM where vtpmd serves it, with vtpmd's flags.
swtpm socket --tpm2 --tpmstate dir="$tmp/tpm" --server type=unixio,path="$run/vtpm/web.sock" \
	--ctrl type=unixio,path="$run/vtpm/web.sock.ctrl" --flags not-need-init,startup-clear \
	--log file="$tmp/swtpm.log" &
swtpm_pid=$!
wait_until 5 test -S "$run/vtpm/web.sock.ctrl" || { echo "swtpm did not start"; exit 1; }
ip netns add "$ns" || exit 1
ip netns exec "$ns" "$build/dataplane/vmgate-dataplane" -c "$tmp/policy.conf" > "$tmp/dataplane.log" 2>&1 &
dp_pid=$!

"$launch" -c "$tmp/policy.conf" --guest web --seed "$tmp/seed" --user nobody \
	--console "$tmp/console.log" 2> "$tmp/launch.log" &
launch_pid=$!
if grep -q "under TCG" <(wait_until 10 grep -q "QEMU running" "$tmp/launch.log"; cat "$tmp/launch.log"); then
	echo "vmm: WARNING: no usable KVM here: the guest runs under TCG"
fi
check "the guest boots and prints its launch PCRs" wait_until 120 said "PCR 9 sha256"
qemu_pid=$(pgrep -P "$launch_pid" -x qemu-system-x86)
check "QEMU runs as nobody" [ "$(ps -o user= -p "${qemu_pid:-0}")" = nobody ]
check "the guest's PCR 8 is the kernel, then the command line" \
	grep -aqi "vmgate-guest: PCR 8 sha256 $pcr8" "$tmp/console.log"
check "the guest's PCR 9 is the initrd, then the disk" \
	grep -aqi "vmgate-guest: PCR 9 sha256 $pcr9" "$tmp/console.log"
check "the seed disk carries the event log to the guest" \
	tar -tf "$run/launch/web/seed.img" launch.evlog > /dev/null
check "the launcher extended once, at the firmware's start-up" \
	grep -q "measurements extended into the vTPM (4 events, start-up 1)" "$tmp/launch.log"

kill -TERM "$launch_pid"
wait_until 15 fails kill -0 "$launch_pid" 2> /dev/null
check "SIGTERM stops the launcher and QEMU" fails kill -0 "$launch_pid" 2> /dev/null
wait "$launch_pid"
status=$?
launch_pid=""
check "the launcher exits with QEMU's status (0: it quit cleanly)" [ "$status" -eq 0 ]
check "QEMU is gone" fails kill -0 "${qemu_pid:-0}" 2> /dev/null
check "the swtpm outlives QEMU (QEMU's CMD_SHUTDOWN is not relayed)" kill -0 "$swtpm_pid"
check "the launch is audited ok with its digests" \
	grep -q "\"action\":\"guest.launch\".*\"result\":\"ok\".*initrd $(sum "$tmp/img/initrd.img")" \
	"$tmp/audit.log"
checks_summary "vmm-launch-guest-pcrs" || { cat "$tmp/launch.log"; exit 1; }
