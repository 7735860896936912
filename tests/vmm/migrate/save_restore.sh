#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Saving a running QEMU guest and resuming it (vmgatectl guest migrate's
# launcher side, docs/launch.md "Saving and restoring a guest"), with the
# real vmgate-vtpmd and root swtpm, the dataplane and vmgate-launch:
#  - SIGUSR1 saves the guest: the launcher exits 3, QEMU is gone, the save
#    is one file, 0600, encrypted (a string of the guest's memory, its
#    kernel command line, is not in it), audited;
#  - the vTPM is then restarted, which empties its PCRs;
#  - a save with one byte changed is refused when resuming (exit 1,
#    audited) and QEMU is stopped before the guest runs from it;
#  - the intact save resumes the guest: not booted again (no launch
#    extension, no boot lines on its console), the save is removed, and
#    once it stops its vTPM holds the launch's PCRs 8 and 9 again: they
#    came back from the save, not from a launch.
# Runs under TCG where KVM does not really work (and says so).
#   save_restore.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
. "$src/tests/vmm/launch/qemu_stack.sh"
. "$src/tests/checks.sh"
qs_require
command -v tpm2_pcrread > /dev/null || skip "missing tpm2_pcrread (tools/setup.sh installs tpm2-tools)"
ctl_bin=$build/tools/vmgatectl/vmgatectl

tmp=$(mktemp -d)
ns=vgsave$$
run=$tmp/run root=$tmp/root saved=$tmp/saved
launch_pid="" vtpmd_pid="" dp_pid=""
trap 'qs_teardown "$launch_pid" "$dp_pid" "$vtpmd_pid"' EXIT
last() { jq -r "$1" < <(tail -n 1 "$tmp/audit.log"); }

qs_image "$tmp/img" || exit 1
chmod 755 "$tmp"
truncate -s 1M "$tmp/disk.img"
mkdir -p "$tmp/seed"
for f in ca.der ak.der tls.der; do head -c 64 /dev/urandom > "$tmp/seed/$f"; done
echo 10.81.0.1:7447 > "$tmp/seed/connect"
echo gw > "$tmp/seed/gateway"
printf '%064d\n' 0 > "$tmp/seed/gateway-pcr23"
marker=vgsavemarker$$
# The guest powers itself off 75 s after its boot: seen after the resume,
# that proves the resumed guest runs on from where it was saved.
cmdline="console=ttyS0 panic=-1 vmgate.name=web vmgate.ip=10.81.0.10/24 vmgate.poweroff=75 $marker"
cat > "$tmp/policy.conf" <<CONF
gateway = { name = "gw"; runtime_dir = "$run"; control_mac = "02:00:00:11:00:01";
  control_ipv4 = "10.81.0.1/24"; cores = [1]; memory_mb = 256; hugepages = "off"; };
root_tpm = { tcti = "swtpm:path=$root/root-tpm.sock"; state_dir = "$tmp/state"; };
guests = (
$(qs_guest web 52:54:00:11:00:0a 10.81.0.10/24 "$run/vhost-web.sock" "$tmp/img" "$tmp/disk.img" "$cmdline")
);
vmm = { audit_log = "$tmp/audit.log"; save_dir = "$saved"; };
CONF
"$ctl_bin" check -c "$tmp/policy.conf" > /dev/null || { "$ctl_bin" check -c "$tmp/policy.conf"; exit 1; }
read -r pcr8 pcr9 < <(qs_launch_pcrs "$tmp/img" "$tmp/disk.img" "$cmdline")

"$src/tools/root_swtpm.sh" start "$root" > /dev/null || exit 1
"$build/vtpm/vmgate-vtpmd" -c "$tmp/policy.conf" 2> "$tmp/vtpmd.log" &
vtpmd_pid=$!
wait_until 10 "$ctl_bin" -c "$tmp/policy.conf" vtpm list > /dev/null 2>&1 ||
	{ echo "vmgate-vtpmd did not start"; cat "$tmp/vtpmd.log"; exit 1; }
"$ctl_bin" -c "$tmp/policy.conf" vtpm create web > /dev/null || exit 1
qs_dataplane "$ns" "$tmp/policy.conf" "$tmp/dataplane.log" || exit 1
dp_pid=$qs_pid

# pcrs: PCRs 8 and 9 of the guest's vTPM, read on vtpmd's socket (only
# while no launcher holds it), as "PCR8 PCR9".
pcrs() {
	tpm2_pcrread -T "swtpm:path=$run/vtpm/web.sock" sha256:8,9 2> /dev/null |
		awk '/ 8 *:/ { a = $3 } / 9 *:/ { b = $3 } END { print tolower(a) " " tolower(b) }' |
		sed 's/0x//g'
}

# --- boot and save ------------------------------------------------------
qs_launch web "$tmp/policy.conf" "$tmp/seed" "$tmp/console.log" "$tmp/launch.log"
launch_pid=$qs_pid
qs_tcg_notice "$tmp/launch.log" web
check "the guest boots" wait_until 150 said "$tmp/console.log" "vmgate-guest: PCR 9 sha256"
qemu_pid=$(pgrep -P "$launch_pid" -x qemu-system-x86)
kill -USR1 "$launch_pid"
wait_until 120 fails kill -0 "$launch_pid" 2> /dev/null
wait "$launch_pid"
status=$?
launch_pid=""
check "SIGUSR1 saves the guest: the launcher exits 3" [ "$status" -eq 3 ]
check "QEMU is gone" fails kill -0 "${qemu_pid:-0}" 2> /dev/null
check "the save is one file, mode 0600" [ "$(stat -c %a "$saved/web.vgsave" 2> /dev/null)" = 600 ]
check "no temporary file is left" [ ! -e "$saved/web.vgsave.tmp" ]
check "the save is audited ok" grep -q '"action":"guest.save".*"result":"ok".*"detail":"saved: ' "$tmp/audit.log"
check "the save holds the guest's memory (it is larger than 1 MiB)" \
	[ "$(stat -c %s "$saved/web.vgsave")" -gt 1048576 ]
check "... encrypted: the kernel command line in it is not there in clear" \
	fails grep -aq "$marker" "$saved/web.vgsave"

# --- the vTPM restarts: its PCRs are empty ------------------------------
"$ctl_bin" -c "$tmp/policy.conf" vtpm stop web > /dev/null &&
	"$ctl_bin" -c "$tmp/policy.conf" vtpm start web > /dev/null
zero=$(printf '%064d' 0)
check "after a vTPM restart its PCRs 8 and 9 are zero" [ "$(pcrs)" = "$zero $zero" ]

# --- a changed byte: refused --------------------------------------------
cp "$saved/web.vgsave" "$tmp/good.vgsave"
size=$(stat -c %s "$saved/web.vgsave")
printf '\x5a' | dd of="$saved/web.vgsave" bs=1 seek=$((size / 2)) conv=notrunc status=none
"$qs_launcher" -c "$tmp/policy.conf" --guest web --seed "$tmp/seed" --user nobody \
	--console "$tmp/console-bad.log" 2> "$tmp/launch-bad.log"
status=$?
check "a changed save: the launcher fails (exit 1)" [ "$status" -eq 1 ]
check "... saying the save is not intact" grep -q "is not an intact save" "$tmp/launch-bad.log"
check "... audited failed" grep -q '"result":"failed".*restore: the saved state is not intact' \
	"$tmp/audit.log"
check "... and QEMU was stopped before the guest resumed" \
	fails grep -q "resumed\|the saved vTPM state is back" "$tmp/launch-bad.log"
cp "$tmp/good.vgsave" "$saved/web.vgsave"

# --- resume --------------------------------------------------------------
qs_launch web "$tmp/policy.conf" "$tmp/seed" "$tmp/console2.log" "$tmp/launch2.log"
launch_pid=$qs_pid
check "the launcher resumes the guest from its save" \
	wait_until 60 grep -q "guest 'web' resumes from $saved/web.vgsave" "$tmp/launch2.log"
check "the saved vTPM state goes back into the vTPM" \
	wait_until 120 grep -q "restore: the saved vTPM state is back in the vTPM" "$tmp/launch2.log"
check "the guest runs again and the save is removed" \
	wait_until 30 grep -q "guest 'web' resumed; .* removed" "$tmp/launch2.log"
check "no save is left" [ ! -e "$saved/web.vgsave" ]
check "the resumed guest runs on: it powers off as its boot asked" \
	wait_until 150 said "$tmp/console2.log" "vmgate-guest: powering off"
check "... and was not booted again (no boot lines)" \
	fails said "$tmp/console2.log" "vmgate-guest: mounted"
wait_until 30 fails kill -0 "$launch_pid" 2> /dev/null
wait "$launch_pid"
status=$?
launch_pid=""
check "QEMU ended with the guest: the launcher exits 0" [ "$status" -eq 0 ]
check "... nor were launch measurements extended (the state had them)" \
	grep -q "launch measurements extended 0 time(s)" "$tmp/launch2.log"
check "its vTPM holds the launch's PCRs 8 and 9 again" [ "$(pcrs)" = "$pcr8 $pcr9" ]
checks_summary "vmm-save-restore" || {
	for f in launch.log launch-bad.log launch2.log vtpmd.log; do echo "== $f"; cat "$tmp/$f"; done
	exit 1
}
