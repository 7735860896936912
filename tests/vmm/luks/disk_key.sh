#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# vmgate-vtpmd's "disk key for GUEST": released only while the guest's vTPM
# PCRs 8 and 9 hold what an approved launch of its parts gives (from the
# policy vtpmd enforces; with two approved kernels, either), and refused,
# with the reason logged and answered, when they do not: nothing extended,
# one extra extension into PCR 9, or into PCR 8, a guest without a data
# disk, a vTPM another client holds (vtpmd does not hang), a destroyed
# vTPM. The key is made once, kept sealed by the root TPM across vtpmd
# restarts (the same key comes back), is never in vtpmd's log nor in clear
# in its state directory, and dies with the vTPM. vmgate-measure stands in
# for the launcher's extensions (tests/vmm/luks/launch.sh runs the
# launcher itself).
#   disk_key.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
ctl_bin=$build/tools/vmgatectl/vmgatectl
vtpmd=$build/vtpm/vmgate-vtpmd
measure=$build/tools/measure/vmgate-measure
ask_bin=$build/tests/vmm/luks/disk-key-ask

skip() { echo "SKIP: $*"; exit 77; }
for t in swtpm swtpm_setup swtpm_ioctl jq python3 od; do
	command -v "$t" > /dev/null || skip "missing $t (tools/setup.sh installs it)"
done

tmp=$(mktemp -d)
run=$tmp/run root=$tmp/root state=$tmp/state policy=$tmp/policy.conf
vtpmd_pid="" holder_pid=""
. "$src/tests/checks.sh"

stop_pid() {  # stop_pid PID: TERM, then KILL after 10 s; reaped
	[ -n "$1" ] || return 0
	kill "$1" 2> /dev/null
	for _ in $(seq 100); do kill -0 "$1" 2> /dev/null || break; sleep 0.1; done
	kill -9 "$1" 2> /dev/null
	wait "$1" 2> /dev/null
}
cleanup() {
	stop_pid "$holder_pid"
	stop_pid "$vtpmd_pid"
	"$src/tools/root_swtpm.sh" stop "$root" > /dev/null 2>&1
	[ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT

sum() { sha256sum "$1" | cut -d' ' -f1; }
text_sum() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
mkdir -p "$tmp/img"
head -c 100000 /dev/urandom > "$tmp/img/vmlinuz"
head -c 50000 /dev/urandom > "$tmp/img/initrd.img"
head -c 65536 /dev/urandom > "$tmp/img/disk.img"
cmdline="console=ttyS0 vmgate.name=web"
other_kernel=$(text_sum "another approved kernel")
# web: a data disk, two approved kernels; plain: the same launch, no data disk.
guest() {
	cat <<CONF
  { name = "$1"; mac = "52:54:00:0d:00:0$2"; ipv4 = "10.78.0.1$2/24";
    launch = { kernel = "$tmp/img/vmlinuz"; initrd = "$tmp/img/initrd.img";
      disk = "$tmp/img/disk.img"; cmdline = "$cmdline"; $3 };
    measurements = { kernel = ["$other_kernel", "$(sum "$tmp/img/vmlinuz")"];
      initrd = "$(sum "$tmp/img/initrd.img")"; cmdline = "$(text_sum "$cmdline")";
      disk = "$(sum "$tmp/img/disk.img")"; }; }
CONF
}
cat > "$policy" <<CONF
gateway = { name = "gw"; runtime_dir = "$run"; control_ipv4 = "10.78.0.1/24"; };
root_tpm = { tcti = "swtpm:path=$root/root-tpm.sock"; state_dir = "$state"; };
guests = (
$(guest web 1 "data_disk = \"$tmp/data.img\";"),
$(guest plain 2 "")
);
CONF
"$ctl_bin" check -c "$policy" > /dev/null || { "$ctl_bin" check -c "$policy"; exit 1; }

start_vtpmd() {
	"$vtpmd" -c "$policy" 2>> "$tmp/vtpmd.log" &
	vtpmd_pid=$!
	for _ in $(seq 100); do
		"$ctl_bin" -c "$policy" vtpm list > /dev/null 2>&1 && return 0
		kill -0 "$vtpmd_pid" 2> /dev/null || break
		sleep 0.1
	done
	echo "vmgate-vtpmd did not start:"; tail -n 20 "$tmp/vtpmd.log"
	exit 1
}
ctl() { "$ctl_bin" -c "$policy" "$@" > /dev/null; }
# ask GUEST: vtpmd's answer in $status and $reply.
ask() {
	"$ask_bin" "$run" "$1" > "$tmp/ask.out" || { status=x reply=""; return; }
	status=$(sed -n 1p "$tmp/ask.out")
	reply=$(sed -n 2p "$tmp/ask.out")
}
key() { jq -r '.key // empty' <<< "$reply"; }
why() { jq -r '.error // empty' <<< "$reply"; }
# extend GUEST [KERNEL-DIGEST]: the launch's four events, as the launcher
# extends them, into the guest's vTPM.
extend() {
	"$measure" --tcti "swtpm:path=$run/vtpm/$1.sock" --no-log \
		--part kernel --digest "${2:-$(sum "$tmp/img/vmlinuz")}" --part cmdline --text "$cmdline" \
		--part initrd --file "$tmp/img/initrd.img" --part disk --file "$tmp/img/disk.img" > /dev/null
}
extra() {  # extra GUEST PART: one more extension (kernel: PCR 8, disk: PCR 9)
	"$measure" --tcti "swtpm:path=$run/vtpm/$1.sock" --no-log --part "$2" \
		--digest "$(text_sum extra)" > /dev/null
}
restart_vtpm() { ctl vtpm stop "$1" && ctl vtpm start "$1"; }   # PCRs back to zeros

"$src/tools/root_swtpm.sh" start "$root" > /dev/null || exit 1
start_vtpmd
ctl vtpm create web || exit 1
ctl vtpm create plain || exit 1

ask web
check "nothing extended: refused (-EACCES)" [ "$status" = -13 ]
check "nothing extended: the reason names PCR 8 and its zeros" \
	grep -q "^PCR 8 holds 0\{64\}, none of the 2 values" <<< "$(why)"
check "nothing extended: no key in the refusal" [ -z "$(key)" ]

extend web
ask web
key1=$(key)
check "the approved launch's PCRs: key released" [ "$status" = 0 ]
check "the key is 32 bytes, in hex" grep -qx '[0-9a-f]\{64\}' <<< "$key1"
check "the reply names the guest" [ "$(jq -r .name <<< "$reply")" = web ]
ask web
check "asked again: the same key" [ "$(key)" = "$key1" ]
check "the key is stored sealed" [ -s "$state/guests/web/diskkey.sealed" ]
check "the sealed file does not hold the key" \
	fails grep -q "$key1" <(od -An -tx1 -v "$state/guests/web/diskkey.sealed" | tr -d ' \n')
check "vtpmd logs the release" grep -q "disk key of 'web' released" "$tmp/vtpmd.log"

extra web disk
ask web
check "one extra extension into PCR 9: refused" [ "$status" = -13 ]
check "the reason names PCR 9" grep -q "^PCR 9 holds .*, not .*, what the approved initrd and disk give" <<< "$(why)"
check "vtpmd logs the refusal and its reason" \
	grep -q "disk key of 'web' refused: PCR 9 holds" "$tmp/vtpmd.log"

restart_vtpm web
extend web
extra web kernel
ask web
check "one extra extension into PCR 8: refused" [ "$status" = -13 ]
check "the reason names PCR 8" grep -q "^PCR 8 holds .*, none of the 2 values the approved kernel" <<< "$(why)"

restart_vtpm web
extend web "$other_kernel"
ask web
check "the other approved kernel: released, the same key" [ "$status/$(key)" = "0/$key1" ]

extend plain
ask plain
check "a guest without a data disk: refused" [ "$status" = -13 ]
check "the reason: no data disk in the policy" grep -q "no launch.data_disk" <<< "$(why)"
check "no key is made for it" [ ! -e "$state/guests/plain/diskkey.sealed" ]

ask nosuch
check "a guest not in the policy: refused" [ "$status" = -2 ]

# swtpm serves one client at a time: a held data socket (as a launcher
# relaying a running guest holds it) must not hang vtpmd.
python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); time.sleep(30)' "$run/vtpm/web.sock" &
holder_pid=$!
sleep 0.5
started=$(date +%s)
ask web
took=$(( $(date +%s) - started ))
check "a vTPM held by another client: refused" [ "$status" = -13 ]
check "... within 4 s (took ${took} s)" [ "$took" -le 4 ]
check "the reason says the vTPM did not answer" grep -q "did not answer within" <<< "$(why)"
check "vtpmd still answers" "$ctl_bin" -c "$policy" vtpm list
stop_pid "$holder_pid"
holder_pid=""

stop_pid "$vtpmd_pid"
check "vtpmd stops cleanly (exit 0: no sanitizer report)" [ $? -eq 0 ]
start_vtpmd
extend web
ask web
check "after a vtpmd restart: the same key, unsealed" [ "$status/$(key)" = "0/$key1" ]

check "the key never appears in vtpmd's log" fails grep -q "$key1" "$tmp/vtpmd.log"
check "nor anywhere in vtpmd's state in clear" fails grep -rq "$key1" "$state"

ctl vtpm destroy web
ask web
check "after destroy: refused" [ "$status" = -13 ]
check "the reason: the vTPM is absent" grep -q "its vTPM is absent" <<< "$(why)"
check "destroy removed the sealed key" [ ! -e "$state/guests/web/diskkey.sealed" ]
stop_pid "$vtpmd_pid"
check "vtpmd stops cleanly again" [ $? -eq 0 ]
vtpmd_pid=""
check "no sanitizer report in vtpmd's log" fails grep -qE "AddressSanitizer|runtime error" "$tmp/vtpmd.log"
checks_summary "vmm-luks-disk-key" || { tail -n 30 "$tmp/vtpmd.log"; exit 1; }
