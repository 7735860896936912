#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# vmgate-launch refuses what the policy does not approve, before QEMU:
# an initrd changed by one byte, another command line, a part the policy
# approves but the launch lacks (a part with no approved value at all is a
# policy error).
# Each refusal exits 2, names the part, appends a "refused" entry to the
# audit log (which still verifies), and leaves no seed disk, console or
# vhost-user socket behind: nothing of the guest was started. The approved
# launch passes measurement, is audited "ok", and then stops at the missing
# vTPM (no QEMU either). Needs no QEMU, TPM or root.
#   refuse.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
launch=$build/vmm-glue/launch/vmgate-launch
ctl_bin=$build/tools/vmgatectl/vmgatectl
. "$src/tests/checks.sh"
command -v jq > /dev/null || { echo "SKIP: missing jq (tools/setup.sh installs it)"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# QEMU's user must pass through to its launch directory (the launcher checks).
chmod 755 "$tmp"
run=$tmp/run img=$tmp/img
mkdir -p "$img" "$tmp/seed"
# QEMU never runs as root: as root, the launch names an unprivileged user.
user=()
[ "$(id -u)" -ne 0 ] || user=(--user nobody)
head -c 300000 /dev/urandom > "$img/vmlinuz"
head -c 200000 /dev/urandom > "$img/initrd.img"
head -c 1048576 /dev/urandom > "$img/disk.img"
cmdline="console=ttyS0 vmgate.name=web vmgate.ip=10.77.0.10/24"
sum() { sha256sum "$1" | cut -d' ' -f1; }
text_sum() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
for f in ca.der ak.der tls.der; do head -c 100 /dev/urandom > "$tmp/seed/$f"; done
echo 10.77.0.1:7447 > "$tmp/seed/connect"
echo gw > "$tmp/seed/gateway"
printf '%064d\n' 0 > "$tmp/seed/gateway-pcr23"

# policy FILE [CMDLINE] [DISK-APPROVALS]: web's launch and its approvals.
policy() {
	local disk_ok=${3-"disk = [\"$(sum "$img/disk.img")\"];"}
	cat > "$1" <<CONF
gateway = { name = "gw"; runtime_dir = "$run"; control_mac = "02:00:00:0e:00:01";
  control_ipv4 = "10.77.0.1/24"; cores = [1]; memory_mb = 256; hugepages = "off"; };
root_tpm = { tcti = "swtpm:path=$tmp/none.sock"; state_dir = "$tmp/state"; };
guests = (
  { name = "web"; mac = "52:54:00:0e:00:0a"; ipv4 = "10.77.0.10/24";
    vhost_socket = "$run/vhost-web.sock";
    launch = { kernel = "$img/vmlinuz"; initrd = "$img/initrd.img"; disk = "$img/disk.img";
      cmdline = "${2:-$cmdline}"; };
    measurements = { kernel = ["$(text_sum other)", "$(sum "$img/vmlinuz")"];
      initrd = "$(sum "$img/initrd.img")"; cmdline = "$(text_sum "$cmdline")";
      $disk_ok }; }
);
vmm = { audit_log = "$tmp/audit.log"; };
CONF
}
policy "$tmp/ok.conf"
"$ctl_bin" check -c "$tmp/ok.conf" > /dev/null || exit 1
# The gateway's files exist only once a launch went that far.
started() { [ -e "$run/launch/web/seed.img" ] || [ -e "$run/launch/web/console.log" ] ||
	[ -e "$run/vhost-web.sock" ]; }
last() { jq -r "$1" < <(tail -n 1 "$tmp/audit.log"); }

# refused NAME PART CONF: the launch is refused for PART, audited, nothing started.
refused() {
	local name=$1 part=$2 conf=$3 status
	"$launch" -c "$conf" --guest web --seed "$tmp/seed" "${user[@]}" 2> "$tmp/out"
	status=$?
	check "$name: refused with exit status 2" [ "$status" -eq 2 ]
	check "$name: the message names the $part" grep -q "refused: $part" "$tmp/out"
	check "$name: audited as refused" [ "$(last .result)/$(last .action)/$(last .target)" = \
		refused/guest.launch/web ]
	check "$name: the audit detail names the $part" grep -q "^$part" <(last .detail)
	check "$name: nothing of the guest was started" fails started
}

cp "$img/initrd.img" "$tmp/initrd.orig"
printf '\x01' | dd of="$img/initrd.img" bs=1 seek=4096 conv=notrunc status=none
check "the initrd differs from the approved one by one byte" \
	[ "$(cmp -l "$img/initrd.img" "$tmp/initrd.orig" | wc -l)" -eq 1 ]
refused "modified initrd" initrd "$tmp/ok.conf"
cp "$tmp/initrd.orig" "$img/initrd.img"

policy "$tmp/cmdline.conf" "$cmdline vmgate.gw=10.77.0.1"
refused "other command line" cmdline "$tmp/cmdline.conf"

# A launch part without any approved value is already a policy error.
policy "$tmp/no-disk-approved.conf" "" ""
"$launch" -c "$tmp/no-disk-approved.conf" --guest web --seed "$tmp/seed" "${user[@]}" 2> "$tmp/out"
check "a part with no approved value: exit status 1" [ $? -eq 1 ]
check "a part with no approved value: FILE:LINE names it" \
	grep -q "no-disk-approved.conf:[0-9]*: .*'disk' has no approved measurement" "$tmp/out"
check "a part with no approved value: nothing of the guest was started" fails started

sed 's|; disk = "[^"]*";|;|' "$tmp/ok.conf" > "$tmp/no-disk.conf"
refused "an approved part not launched" disk "$tmp/no-disk.conf"

entries=$(wc -l < "$tmp/audit.log")
"$launch" -c "$tmp/ok.conf" --guest web --seed "$tmp/seed" "${user[@]}" 2> "$tmp/out"
status=$?
check "the approved launch is not refused (it stops at the missing vTPM: exit 1)" \
	[ "$status" -eq 1 ]
check "the approved launch names every part it measured" \
	grep -q "measured and approved: kernel $(sum "$img/vmlinuz"), cmdline .*, initrd .*, disk" "$tmp/out"
check "the approved launch says the vTPM is not running" grep -q "cannot reach the vTPM" "$tmp/out"
check "the approved launch is audited ok" [ "$(last .result)" = ok ] 
check "one audit entry per launch" [ "$(wc -l < "$tmp/audit.log")" -eq $((entries + 1)) ]
check "the audit log verifies" "$ctl_bin" -c "$tmp/ok.conf" audit verify
check "the seed disk holds the launch event log" \
	tar -tf "$run/launch/web/seed.img" launch.evlog > /dev/null
check "the seed disk's event log has the four launch events (6 + 4 * 34 bytes)" \
	[ "$(tar -xOf "$run/launch/web/seed.img" launch.evlog | wc -c)" -eq 142 ]

echo stray > "$tmp/seed/extra"
check "a seed directory with an unknown file is refused" \
	fails "$launch" -c "$tmp/ok.conf" --guest web --seed "$tmp/seed" "${user[@]}"
checks_summary "vmm-launch-refuse"
