#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# A real QEMU guest (TCG where KVM does not really work, said so) through
# vmgate-vmmd and the real vmgate-launch: a root swtpm, vmgate-vtpmd, the
# dataplane and vmgate-authd (on_failure = "restart") in the gateway's
# namespace, and guest web, with an encrypted data disk, whose launch.user
# and launch.seed come from the policy. Its measured command line asks the
# image's test hook for "read,write:WORD,tamper". Proves:
#   - vtpmd makes the runtime directory 0711 and its vTPMs' 0700; the
#     launcher's per-guest directory is open to QEMU's user only, who can
#     reach its TPM socket but list neither directory;
#   - the data disk is made for the policy's user; an operator starts the
#     guest with "vmgatectl guest start" (key on a softhsm2 token); vmmd
#     runs the real launcher, QEMU runs as the policy's user;
#   - the guest attests, finds its fresh data disk empty, writes WORD to it
#     from inside, then extends PCR 9 from inside (tamper);
#   - authd cuts it off at its next attestation (session failed, for the
#     replay, counted) and asks vmmd to restart it; vmmd audits the request and
#     the relaunch (guest.restart.request, guest.restart ok), with a new
#     launcher PID;
#   - the relaunched guest starts from the measured PCRs again, attests,
#     and reads WORD back from its data disk, written by the instance
#     before; its tamper sees its marker and does nothing, so it stays
#     attested;
#   - the operator (an admin) saves it with "vmgatectl guest migrate"; vmmd
#     reports it stopped with a save waiting; the next "guest start"
#     resumes it from the save, which is then gone;
#   - the raw data disk on the host does not hold WORD; the audit log
#     verifies; no daemon reports a sanitizer error.
# Under TCG it takes about 45 s on two cores (docs/testing.md).
#   tamper_restart.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
ctl_bin=$build/tools/vmgatectl/vmgatectl
vtpmd=$build/vtpm/vmgate-vtpmd
vmmd=$build/vmm-glue/vmmd/vmgate-vmmd
module=/usr/lib/softhsm/libsofthsm2.so
. "$src/tests/vmm/launch/qemu_stack.sh"
. "$src/tests/checks.sh"
qs_require
for t in jq qemu-img swtpm_setup swtpm_ioctl tpm2_shutdown softhsm2-util pkcs11-tool openssl \
	setpriv; do
	command -v "$t" > /dev/null || skip "missing $t (tools/setup.sh installs it)"
done
[ -r "$module" ] || skip "missing $module (softhsm2; tools/setup.sh installs it)"

tmp=$(mktemp -d)
ns=vgtamper$$
run=$tmp/run state=$tmp/state root=$tmp/root policy=$tmp/policy.conf data=$tmp/data.img
vtpmd_pid="" dp_pid="" authd_pid="" vmmd_pid=""
launcher=$(realpath "$qs_launcher")
cleanup() {
	local p
	# vmmd stops its launchers, and they their QEMU, when it ends.
	stop_pid "$vmmd_pid"
	# Any launcher left (vmmd killed): by PID, when it is still this test's.
	for p in ${launchers:-}; do
		grep -qF "$policy" "/proc/$p/cmdline" 2> /dev/null && kill -9 "$p"
	done
	qs_teardown "${tail_pid:-}" "$authd_pid" "$dp_pid" "$vtpmd_pid"
}
trap cleanup EXIT
trap 'exit 1' TERM INT
ctl() { "$ctl_bin" -c "$policy" "$@"; }
quiet() { "$@" > /dev/null 2>&1; }

# The operator's key on a softhsm2 token private to this test.
export SOFTHSM2_CONF=$tmp/softhsm2.conf VMGATE_PKCS11_PIN=1234
mkdir -p "$tmp/tokens"
printf 'directories.tokendir = %s\nobjectstore.backend = file\n' "$tmp/tokens" > "$SOFTHSM2_CONF"
quiet softhsm2-util --init-token --free --label ops --pin 1234 --so-pin 87654321 ||
	{ echo "cannot initialise a softhsm2 token"; exit 1; }
quiet pkcs11-tool --module "$module" --token-label ops --login --pin 1234 \
	--keypairgen --key-type EC:prime256v1 --label op --id 01 &&
quiet pkcs11-tool --module "$module" --token-label ops --read-object --type pubkey \
	--label op -o "$tmp/op.pub.der" &&
openssl pkey -pubin -inform DER -in "$tmp/op.pub.der" -out "$tmp/op.pub.pem" &&
openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
	-keyout "$tmp/ca.key" -subj "/CN=test operators CA" -days 30 -out "$tmp/ca.pem" 2> /dev/null &&
openssl x509 -new -subj "/CN=op/O=operators" -force_pubkey "$tmp/op.pub.pem" \
	-CA "$tmp/ca.pem" -CAkey "$tmp/ca.key" -days 30 -out "$tmp/op.pem" 2> /dev/null ||
	{ echo "cannot make the operator's key and certificate"; exit 1; }
op() { "$ctl_bin" -c "$policy" --cert "$tmp/op.pem" --token ops --key op "$@"; }

qs_image "$tmp/img" || exit 1
chmod 755 "$tmp"
truncate -s 1M "$tmp/disk.img"
word=vmgate-known-$$-$RANDOM
cmdline="console=ttyS0 quiet panic=-1 vmgate.name=web vmgate.ip=10.80.0.10/24"
cmdline="$cmdline vmgate.test=read,write:$word,tamper"
cat > "$policy" <<CONF
gateway = { name = "gw"; runtime_dir = "$run"; control_mac = "02:00:00:10:00:01";
  control_ipv4 = "10.80.0.1/24"; cores = [1]; memory_mb = 256; hugepages = "off"; };
root_tpm = { tcti = "swtpm:path=$root/root-tpm.sock"; state_dir = "$state";
  measure = ["$(realpath "$vmmd")", "$launcher"]; };
guests = (
  { name = "web"; mac = "52:54:00:10:00:0a"; ipv4 = "10.80.0.10/24";
    vhost_socket = "$run/vhost-web.sock";
    launch = { kernel = "$tmp/img/vmlinuz"; initrd = "$tmp/img/initrd.img";
      disk = "$tmp/disk.img"; cmdline = "$cmdline"; data_disk = "$data";
      user = "nobody"; seed = "$tmp/seed"; };
    measurements = { kernel = "$(sum "$tmp/img/vmlinuz")"; initrd = "$(sum "$tmp/img/initrd.img")";
      cmdline = "$(text_sum "$cmdline")"; disk = "$(sum "$tmp/disk.img")"; }; }
);
operators = ( { name = "op"; certificate = "op.pem"; role = "admin"; } );
attestation = { required = true; grant_ttl = 30; reattest_interval = 5; on_failure = "restart"; };
vmm = { audit_log = "$tmp/audit.log"; save_dir = "$tmp/saved"; };
CONF
ctl check > /dev/null || { ctl check; exit 1; }

# --- the root of trust, the guest's vTPM, its seed files -------------------
"$src/tools/root_swtpm.sh" start "$root" > /dev/null || exit 1
"$vtpmd" -c "$policy" 2> "$tmp/vtpmd.log" &
vtpmd_pid=$!
wait_until 10 quiet ctl vtpm list || { cat "$tmp/vtpmd.log"; exit 1; }
quiet ctl vtpm create web || { cat "$tmp/vtpmd.log"; exit 1; }
mkdir "$tmp/seed"
cp "$state/ca.der" "$state/guests/web/ak.der" "$state/guests/web/tls.der" "$tmp/seed/"
echo 10.80.0.1:7447 > "$tmp/seed/connect"
echo gw > "$tmp/seed/gateway"
ctl --json vtpm list | jq -r .gateway_pcr23 > "$tmp/seed/gateway-pcr23"
check "vtpmd made the runtime directory 0711: QEMU's users pass, nobody lists" \
	[ "$(stat -c %a "$run")" = 711 ]
check "  and its vTPMs' directory 0700" [ "$(stat -c %a "$run/vtpm")" = 700 ]

# --- the data disk, for the policy's user ----------------------------------
"$launcher" -c "$policy" --guest web --create-data-disk 4M 2> "$tmp/create.log"
check "the data disk is made with launch.user from the policy (no --user)" \
	[ "$(stat -c %U "$data" 2> /dev/null)" = nobody ]

# --- the gateway -----------------------------------------------------------
ports_up() { [ "$(ctl --json status 2> /dev/null | jq .ports_up)" = "$1" ]; }
qs_dataplane "$ns" "$policy" "$tmp/dataplane.log" || exit 1
dp_pid=$qs_pid
wait_until 20 ports_up 1 || { echo "the dataplane's punt port did not come up"; cat "$tmp/dataplane.log"; exit 1; }
ip netns exec "$ns" "$build/authd/vmgate-authd" -c "$policy" 2> "$tmp/authd.log" &
authd_pid=$!
wait_until 10 quiet ctl --json sessions || { cat "$tmp/authd.log"; exit 1; }
"$vmmd" -c "$policy" 2> "$tmp/vmmd.log" &
vmmd_pid=$!
wait_until 30 test -S "$run/vmmd.sock" || { tail -n 20 "$tmp/vmmd.log"; exit 1; }
check "vmmd runs the real launcher" grep -q "launcher $launcher," "$tmp/vmmd.log"

# --- the first instance ----------------------------------------------------
# Each launch truncates its console: tail -F keeps both instances', in order.
console=$run/launch/web/console.log consoles=$tmp/consoles
tail -F -n +1 -s 0.2 "$console" > "$consoles" 2> /dev/null &
tail_pid=$!
gpid() { op --json guest status web 2> /dev/null | jq -r '.pid // empty'; }
check "the operator starts web: vmgatectl guest start" quiet op guest start web
pid1=$(gpid)
launchers=$pid1
check "  its launcher runs (pid ${pid1:-none})" kill -0 "${pid1:-0}"
qs_tcg_notice "$tmp/vmmd.log" web
qemu_user() { ps -o user= -p "$(pgrep -P "$1" -x qemu-system-x86)" 2> /dev/null | tr -d ' '; }
check "  QEMU runs as the policy's launch.user" [ "$(qemu_user "${pid1:-0}")" = nobody ]
check "  the launch directory is QEMU's group's only (0710)" \
	[ "$(stat -c '%a %U %G' "$run/launch/web")" = "710 root $(id -gn nobody)" ]
as_qemu() { setpriv --reuid nobody --regid "$(id -g nobody)" --clear-groups "$@"; }
check "  QEMU's user passes through to it (its TPM socket was there)" \
	as_qemu test -r "$run/launch/web/seed.img"
check "  another guest's user does not" \
	fails setpriv --reuid 65533 --regid 65533 --clear-groups test -e "$run/launch/web/seed.img"
check "  but cannot list the runtime directory" fails quiet as_qemu ls "$run"
check "  nor the launchers' directory" fails quiet as_qemu ls "$run/launch"
check "  nor reaches the vTPMs' sockets" fails as_qemu test -e "$run/vtpm/web.sock"

# shows TEXT: the consoles show TEXT; 2 once a launcher ended by itself
# (vmmd says so): nothing more will come, and waits end at once.
shows() {
	grep -q "launcher pid [0-9]* ended" "$tmp/vmmd.log" && return 2
	said "$consoles" "$1"
}
waits() { wait_until "$1" eval "shows '$2'; [ \$? -ne 1 ]" && shows "$2"; }
# must NAME CMD...: a check the rest depends on; when it fails, the rest
# would only wait for what cannot come.
must() {
	local before=$fail
	check "$@"
	[ "$fail" -eq "$before" ] && return
	checks_summary "vmm-restart-qemu"
	for f in "$consoles" "$tmp"/*.log; do echo "--- ${f##*/}"; tail -n 30 "$f"; done
	exit 1
}
# line TEXT [N]: the line number of TEXT's Nth occurrence in the consoles.
line() { grep -naF -- "$1" "$consoles" | sed -n "${2:-1}p" | cut -d: -f1; }
before() { [ -n "$(line "$1")" ] && [ -n "$(line "$2" "${3:-1}")" ] &&
	[ "$(line "$1")" -lt "$(line "$2" "${3:-1}")" ]; }
must "web attests and its hook acts" waits 180 "vmgate-test: read nothing"
check "  authd's verdict: attested" grep -q "AUDIT guest=web result=attested" "$tmp/authd.log"
check "  its fresh data disk holds no word" said "$consoles" "vmgate-test: read nothing"
check "  it writes the word to its data disk from inside" \
	waits 30 "vmgate-test: write $word ok"
must "  then extends PCR 9 from inside" waits 30 "vmgate-test: tamper: PCR 9 extended"
check "  in that order" eval 'before "read nothing" "write $word ok" &&
	before "write $word ok" "tamper: PCR 9 extended"'

# --- cut off and restarted ------------------------------------------------
session() { ctl --json sessions | jq -r ".[] | select(.name == \"web\") | $1"; }
session_ge() { [ "$(session "$1")" -ge "$2" ] 2> /dev/null; }
check "authd cuts web off at its next attestation: the PCRs do not replay" \
	wait_until 30 grep -q "AUDIT guest=web result=failed reason=.*does not replay" "$tmp/authd.log"
check "  the failure is counted" session_ge '.failures.replay // 0' 1
must "  authd asked vmmd to restart it, and vmmd did" wait_until 60 session_ge .restart.done 1
check "  once" [ "$(session .restart.requested)" = 1 ]
audit_last() {
	ctl --json audit | jq -r "[.entries[] | select(.action == \"$1\")][-1] |
		\"\(.actor) \(.target) \(.result)\""
}
check "vmmd audited the request" [ "$(audit_last guest.restart.request)" = "gw attestation web ok" ]
check "  and the relaunch" [ "$(audit_last guest.restart)" = "gw attestation web ok" ]
pid2=$(gpid)
launchers="$pid1 $pid2"
check "  a new launcher runs (${pid1:-none} -> ${pid2:-none})" \
	test -n "$pid2" -a "${pid2:-0}" != "${pid1:-0}"
check "  the old one is gone" fails kill -0 "${pid1:-0}"
check "  the audit detail names both" \
	grep -q "launcher pid ${pid1:-x} .*relaunched (launcher pid ${pid2:-x})" \
	<<< "$(ctl --json audit | jq -r '[.entries[] | select(.action == "guest.restart")][-1].detail')"

# --- the second instance --------------------------------------------------
read -r pcr8 pcr9 < <(qs_launch_pcrs "$tmp/img" "$tmp/disk.img" "$cmdline")
check "the first instance started from the measured PCRs" \
	said "$consoles" "vmgate-guest: PCR 9 sha256 ${pcr9^^}"
check "the new instance starts from them again, after the tamper" \
	wait_until 120 before "tamper: PCR 9 extended" "PCR 9 sha256 ${pcr9^^}" 2
must "  it reads the word back from its data disk" waits 120 "vmgate-test: read $word"
attested_twice() { [ "$(grep -c "AUDIT guest=web result=attested" "$tmp/authd.log")" -ge 2 ]; }
check "  after it attested again (authd's verdict)" attested_twice
check "  its tamper finds the marker and does nothing" \
	waits 30 "vmgate-test: tamper: already done on this data disk"
check "  so it stays attested across a re-attestation (reattest_interval 5 s)" \
	eval 'sleep 7; [ "$(session .state)" = attested ] && [ "$(session .restart.requested)" = 1 ]'
check "  its PCR 8 is the launch's too" [ -n "$(line "PCR 8 sha256 ${pcr8^^}" 2)" ]
stop_pid "$tail_pid"

# --- saved through vmmd and resumed -----------------------------------------
gstate() { op --json guest status web 2> /dev/null | jq -r ".$1"; }
check "the operator saves web: vmgatectl guest migrate" quiet op guest migrate web
check "  web is stopped, and its save waits" [ "$(gstate state) $(gstate saved)" = "stopped true" ]
check "the next guest start resumes it from the save" quiet op guest start web
check "  its launcher resumed it and removed the save" \
	wait_until 60 grep -q "guest 'web' resumed; .* removed" "$tmp/vmmd.log"
check "  it runs, and no save is left" [ "$(gstate state) $(gstate saved)" = "running false" ]

check "the operator stops web" quiet op guest stop web
check "the raw data disk on the host does not hold the word" fails grep -aqF "$word" "$data"
check "  it is still a LUKS image" \
	[ "$(qemu-img info --output=json "$data" | jq -r .format)" = luks ]
check "the audit log verifies" quiet ctl audit verify

check "vmmd exits cleanly" stop_status "$vmmd_pid"
vmmd_pid=""
check "authd exits cleanly" stop_status "$authd_pid"
authd_pid=""
check "vtpmd exits cleanly" stop_status "$vtpmd_pid"
vtpmd_pid=""
check "no daemon log has a sanitizer report" \
	fails grep -l "Sanitizer\|runtime error" "$tmp"/*.log
if ! checks_summary "vmm-restart-qemu"; then
	for f in "$consoles" "$tmp"/*.log; do
		echo "--- ${f##*/}"; tail -n 30 "$f"
	done
	exit 1
fi
