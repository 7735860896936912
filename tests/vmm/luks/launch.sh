#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# A guest's encrypted data disk through vmgate-launch and vmgate-vtpmd:
#  - `vmgate-launch --create-data-disk` makes a LUKS image keyed by vtpmd
#    after the measured steps, owned by QEMU's user, and never overwrites;
#  - a launch whose key vtpmd refuses (vtpmd's policy approves another
#    command line than the launcher's) exits 2, is audited "refused" with
#    vtpmd's reason, and starts nothing: no QEMU, seed disk or console;
#  - a non-LUKS data disk is never attached;
#  - the approved launch boots a guest (TCG where KVM does not really work)
#    that sees the decrypted disk (its payload size, not the image's); the
#    key is not on QEMU's command line nor in any file of the run;
#  - the image on the host holds no plaintext: a known string written
#    through the LUKS layer is not in the raw image, reads back through
#    LUKS with the released key, and a wrong key cannot open the disk.
# Here qemu-io writes the known string through the LUKS layer (driver luks,
# the key vtpmd released after a measured launch's extensions); a guest
# writing it from inside is tests/vmm/restart/tamper_restart.sh.
#   launch.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
launch=$build/vmm-glue/launch/vmgate-launch
ctl_bin=$build/tools/vmgatectl/vmgatectl
vtpmd=$build/vtpm/vmgate-vtpmd
measure=$build/tools/measure/vmgate-measure
ask_bin=$build/tests/vmm/luks/disk-key-ask

. "$src/tests/vmm/launch/qemu_stack.sh"
. "$src/tests/checks.sh"
qs_require
for t in qemu-img qemu-io swtpm_setup swtpm_ioctl jq od; do
	command -v "$t" > /dev/null ||
		skip "missing $t (tools/setup.sh installs qemu-utils, swtpm-tools, jq)"
done

tmp=$(mktemp -d)
ns=vgluks$$
run=$tmp/run root=$tmp/root
launch_pid="" vtpmd_pid="" dp_pid=""
trap 'qs_teardown "$launch_pid" "$dp_pid" "$vtpmd_pid"' EXIT
last() { jq -r "$1" < <(tail -n 1 "$tmp/audit.log"); }

"$src/tools/guest_image.sh" --agent "$build/authd/vmgate-agent" "$tmp/img" > "$tmp/image.out" 2>&1 ||
	{ cat "$tmp/image.out"; exit 1; }
chmod 755 "$tmp"
truncate -s 1M "$tmp/disk.img"
mkdir -p "$tmp/seed"
for f in ca.der ak.der tls.der; do head -c 64 /dev/urandom > "$tmp/seed/$f"; done
echo 10.79.0.1:7447 > "$tmp/seed/connect"
echo gw > "$tmp/seed/gateway"
printf '%064d\n' 0 > "$tmp/seed/gateway-pcr23"
data=$tmp/data.img
# Not quiet: the guest kernel's virtio_blk lines show the disks it sees.
cmdline="console=ttyS0 panic=-1 vmgate.name=web vmgate.ip=10.79.0.10/24"

# policy FILE CMDLINE: the guest web with a data disk; CMDLINE is launched
# and approved.
policy() {
	cat > "$1" <<CONF
gateway = { name = "gw"; runtime_dir = "$run"; control_mac = "02:00:00:0f:00:01";
  control_ipv4 = "10.79.0.1/24"; cores = [1]; memory_mb = 256; hugepages = "off"; };
root_tpm = { tcti = "swtpm:path=$root/root-tpm.sock"; state_dir = "$tmp/state"; };
guests = (
  { name = "web"; mac = "52:54:00:0f:00:0a"; ipv4 = "10.79.0.10/24";
    vhost_socket = "$run/vhost-web.sock";
    launch = { kernel = "$tmp/img/vmlinuz"; initrd = "$tmp/img/initrd.img";
      disk = "$tmp/disk.img"; data_disk = "$data"; cmdline = "$2"; };
    measurements = { kernel = "$(sum "$tmp/img/vmlinuz")"; initrd = "$(sum "$tmp/img/initrd.img")";
      cmdline = "$(text_sum "$2")"; disk = "$(sum "$tmp/disk.img")"; }; }
);
vmm = { audit_log = "$tmp/audit.log"; };
CONF
}
policy "$tmp/policy.conf" "$cmdline"
# The launcher's policy differs from vtpmd's: another command line.
policy "$tmp/other.conf" "$cmdline vmgate.poweroff=600"
for p in policy other; do
	"$ctl_bin" check -c "$tmp/$p.conf" > /dev/null || { "$ctl_bin" check -c "$tmp/$p.conf"; exit 1; }
done

"$src/tools/root_swtpm.sh" start "$root" > /dev/null || exit 1
"$vtpmd" -c "$tmp/policy.conf" 2> "$tmp/vtpmd.log" &
vtpmd_pid=$!
wait_until 10 "$ctl_bin" -c "$tmp/policy.conf" vtpm list > /dev/null 2>&1 ||
	{ echo "vmgate-vtpmd did not start"; cat "$tmp/vtpmd.log"; exit 1; }
"$ctl_bin" -c "$tmp/policy.conf" vtpm create web > /dev/null || exit 1

# --- the data disk -----------------------------------------------------
"$launch" -c "$tmp/policy.conf" --guest web --create-data-disk 4M --user nobody 2> "$tmp/create.log"
check "--create-data-disk: exit 0" [ $? -eq 0 ]
check "the data disk is a LUKS image of 4 MiB" \
	[ "$(qemu-img info --output=json "$data" | jq -r '.format + " " + (.["virtual-size"]|tostring)')" = \
	  "luks 4194304" ]
check "it belongs to QEMU's user, mode 0600" [ "$(stat -c '%U %a' "$data")" = "nobody 600" ]
check "the creation is audited ok" \
	[ "$(last .action)/$(last .result)" = guest.data_disk.create/ok ]
before=$(sum "$data")
"$launch" -c "$tmp/policy.conf" --guest web --create-data-disk 4M --user nobody 2> "$tmp/create2.log"
check "a second --create-data-disk fails" [ $? -eq 1 ]
check "... and leaves the disk as it was" [ "$(sum "$data")" = "$before" ]

# --- vtpmd refuses the key: no QEMU ------------------------------------
started() { [ -e "$run/launch/web/seed.img" ] || [ -e "$run/launch/web/console.log" ]; }
"$launch" -c "$tmp/other.conf" --guest web --seed "$tmp/seed" --user nobody 2> "$tmp/refused.log"
check "vtpmd refuses the key: exit status 2" [ $? -eq 2 ]
check "the launcher says vtpmd refused, and why" \
	grep -q "refused: vmgate-vtpmd did not release its disk key: PCR 8 holds" "$tmp/refused.log"
check "audited refused" [ "$(last .action)/$(last .result)" = guest.launch/refused ]
check "... with vtpmd's reason" grep -q "^disk key: PCR 8 holds" <(last .detail)
check "vtpmd logged the refusal" grep -q "disk key of 'web' refused: PCR 8" "$tmp/vtpmd.log"
check "nothing of the guest was started" fails started
# Only this test's QEMU would name its runtime directory.
check "no QEMU of this test runs" fails pgrep -f "qemu-system-x86.*$run/"

# --- a data disk that is not LUKS is never attached --------------------
mv "$data" "$tmp/data.luks"
head -c 1M /dev/zero > "$data"
"$launch" -c "$tmp/policy.conf" --guest web --seed "$tmp/seed" --user nobody 2> "$tmp/plain.log"
check "a data disk in clear: the launch fails (exit 1)" [ $? -eq 1 ]
check "... saying it is not a LUKS image" grep -q "is not a LUKS image" "$tmp/plain.log"
check "... and no QEMU was started" fails started
mv "$tmp/data.luks" "$data"

# --- the approved launch ------------------------------------------------
ip netns add "$ns" || exit 1
ip netns exec "$ns" "$build/dataplane/vmgate-dataplane" -c "$tmp/policy.conf" > "$tmp/dataplane.log" 2>&1 &
dp_pid=$!
"$launch" -c "$tmp/policy.conf" --guest web --seed "$tmp/seed" --user nobody \
	--console "$tmp/console.log" 2> "$tmp/launch.log" &
launch_pid=$!
if grep -q "under TCG" <(wait_until 30 grep -q "QEMU running" "$tmp/launch.log"; cat "$tmp/launch.log"); then
	echo "vmm: WARNING: no usable KVM here: the guest runs under TCG"
fi
said() { grep -aqE -- "$1" "$tmp/console.log" 2> /dev/null; }
check "the guest boots" wait_until 150 said "vmgate-guest: PCR 9 sha256"
check "the guest sees the decrypted data disk: 4 MiB (8192 sectors), not the image" \
	said "virtio_blk virtio[0-9]+: \[vd[a-z]\] 8192 512-byte logical blocks"
qemu_pid=$(pgrep -P "$launch_pid" -x qemu-system-x86)
tr '\0' ' ' < "/proc/${qemu_pid:-0}/cmdline" > "$tmp/qemu.cmdline" 2> /dev/null
check "QEMU opens the data disk with driver=luks" \
	grep -q "driver=luks,node-name=data,file=data-file,key-secret=vgdatakey" "$tmp/qemu.cmdline"
check "QEMU reads the key from a descriptor" \
	grep -q "secret,id=vgdatakey,file=/proc/self/fd/[0-9]*,format=raw" "$tmp/qemu.cmdline"
check "the launch extended the vTPM before asking for the key" \
	grep -q "extended into the reset vTPM (4 events) for the disk key" "$tmp/launch.log"
check "the launch is audited ok" [ "$(last .action)/$(last .result)" = guest.launch/ok ]
check "... with its key released" grep -q "disk key released" <(last .detail)
kill -TERM "$launch_pid"
wait "$launch_pid"
status=$?
launch_pid=""
check "SIGTERM: the launcher exits with QEMU's status 0" [ "$status" -eq 0 ]

# --- no plaintext on the host --------------------------------------------
# The key as vtpmd releases it after a measured launch's extensions.
"$ctl_bin" -c "$tmp/policy.conf" vtpm stop web > /dev/null
"$ctl_bin" -c "$tmp/policy.conf" vtpm start web > /dev/null
"$measure" --tcti "swtpm:path=$run/vtpm/web.sock" --no-log --part kernel --file "$tmp/img/vmlinuz" \
	--part cmdline --text "$cmdline" --part initrd --file "$tmp/img/initrd.img" \
	--part disk --file "$tmp/disk.img" > /dev/null
"$ask_bin" "$run" web > "$tmp/ask.out"
key=$(sed -n 2p "$tmp/ask.out" | jq -r '.key // empty')
check "vtpmd releases the key after the measured extensions" grep -qx '[0-9a-f]\{64\}' <<< "$key"
check "the key was in no file of the run, nor in QEMU's command line" \
	fails grep -rqF "$key" "$run" "$tmp/qemu.cmdline" "$tmp/launch.log" "$tmp/vtpmd.log" \
	"$tmp/audit.log" "$tmp/console.log"
umask 077
printf '%s' "$key" > "$tmp/key"
printf '%s' 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef > "$tmp/wrong-key"
known="vmgate-luks-known-string-$$-$RANDOM"
printf '%s\n' "$known" > "$tmp/pattern"
# io KEYFILE IMAGE CMD: qemu-io on the image through LUKS with that key.
io() {
	qemu-io --object "secret,id=k,file=$1,format=raw" \
		--image-opts "driver=luks,key-secret=k,file.filename=$2" -c "$3"
}
check "the known string is written through LUKS" \
	io "$tmp/key" "$data" "write -s $tmp/pattern 1048576 4096" > /dev/null
check "the raw image does not contain it" fails grep -qaF "$known" "$data"
qemu-img convert --object "secret,id=k,file=$tmp/key,format=raw" \
	--image-opts "driver=luks,key-secret=k,file.filename=$data" -O raw "$tmp/plain.raw"
check "read back through LUKS with the key: it is there" grep -qaF "$known" "$tmp/plain.raw"
io "$tmp/wrong-key" "$data" "read 0 512" > "$tmp/wrong.out" 2>&1
check "a wrong key cannot open the disk" grep -q "Invalid password" "$tmp/wrong.out"
# The control: the same write to a raw image is found by the same grep.
truncate -s 4M "$tmp/control.raw"
qemu-io -f raw "$tmp/control.raw" -c "write -s $tmp/pattern 1048576 4096" > /dev/null
check "(control: in a raw image the same grep finds it)" grep -qaF "$known" "$tmp/control.raw"
stop_pid "$vtpmd_pid"
check "vtpmd stops cleanly (exit 0: no sanitizer report)" [ $? -eq 0 ]
vtpmd_pid=""
check "no sanitizer report from vtpmd or the launcher" fails grep -qE "AddressSanitizer|runtime error" \
	"$tmp/vtpmd.log" "$tmp/launch.log" "$tmp/create.log" "$tmp/refused.log" "$tmp/plain.log"
checks_summary "vmm-luks-launch" || { tail -n 20 "$tmp/launch.log" "$tmp/vtpmd.log"; exit 1; }
