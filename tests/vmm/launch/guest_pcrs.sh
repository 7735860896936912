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
. "$src/tests/vmm/launch/qemu_stack.sh"
. "$src/tests/checks.sh"
qs_require

tmp=$(mktemp -d)
ns=vglaunch$$
launch_pid="" swtpm_pid="" dp_pid=""
cleanup() {
	stop_pid "$launch_pid"
	stop_pid "$dp_pid"
	stop_pid "$swtpm_pid"
	ip netns del "$ns" 2> /dev/null
	[ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT

qs_image "$tmp/img" || exit 1
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
$(qs_guest web 52:54:00:0e:00:0a 10.77.0.10/24 "$run/vhost-web.sock" "$tmp/img" "$tmp/disk.img" "$cmdline")
);
vmm = { audit_log = "$tmp/audit.log"; };
CONF
for f in ca.der ak.der tls.der; do head -c 64 /dev/urandom > "$tmp/seed/$f"; done
echo 10.77.0.1:7447 > "$tmp/seed/connect"
echo gw > "$tmp/seed/gateway"
printf '%064d\n' 0 > "$tmp/seed/gateway-pcr23"

read -r pcr8 pcr9 < <(qs_launch_pcrs "$tmp/img" "$tmp/disk.img" "$cmdline")

# The guest's vTPM where vtpmd serves it, with vtpmd's flags.
swtpm socket --tpm2 --tpmstate dir="$tmp/tpm" --server type=unixio,path="$run/vtpm/web.sock" \
	--ctrl type=unixio,path="$run/vtpm/web.sock.ctrl" --flags not-need-init,startup-clear \
	--log file="$tmp/swtpm.log" &
swtpm_pid=$!
wait_until 5 test -S "$run/vtpm/web.sock.ctrl" || { echo "swtpm did not start"; exit 1; }
qs_dataplane "$ns" "$tmp/policy.conf" "$tmp/dataplane.log" || exit 1
dp_pid=$qs_pid

qs_launch web "$tmp/policy.conf" "$tmp/seed" "$tmp/console.log" "$tmp/launch.log"
launch_pid=$qs_pid
qs_tcg_notice "$tmp/launch.log" web
check "the guest boots and prints its launch PCRs" wait_until 120 said "$tmp/console.log" "PCR 9 sha256"
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
