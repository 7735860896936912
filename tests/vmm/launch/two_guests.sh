#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Two QEMU guests, the whole stack: a root swtpm, vmgate-vtpmd with a vTPM
# per guest, the dataplane and vmgate-authd in the gateway's namespace, and
# guests a and b launched measured by vmgate-launch, their agents attesting
# from inside. The policy allows a -> b on TCP 8080 only (stateful), and
# denies a's other TCP to b by a rule. The guests act through the image's
# test hook (vmgate.test= on their measured command lines): once granted,
# a sends a word to b:8080 and to b:9090, b one to a:7000.
# Proves: each guest's PCR 8 and 9 are its launch event log's replay; both
# attest (authd's verdict, "vmgatectl sessions") and the pair is granted;
# a's word reaches b's listener on 8080; on 9090 nothing arrives and a's
# port counts acl_deny; b's unsolicited connection to a never arrives and
# b's port counts default_deny; no frame was dropped for want of a grant,
# so the policy, not the grants, decided. Runs under TCG where KVM does
# not really work, and says so.
#   two_guests.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
ctl_bin=$build/tools/vmgatectl/vmgatectl
. "$src/tests/vmm/launch/qemu_stack.sh"
. "$src/tests/checks.sh"
qs_require
for t in jq swtpm_setup swtpm_ioctl tpm2_shutdown; do
	command -v "$t" > /dev/null || skip "missing $t (tools/setup.sh installs it)"
done

tmp=$(mktemp -d)
ns=vg2guests$$
run=$tmp/run state=$tmp/state root=$tmp/root policy=$tmp/policy.conf
declare -A launch_pid
vtpmd_pid="" dp_pid="" authd_pid=""
cleanup() {
	local g
	for g in "${!launch_pid[@]}"; do stop_pid "${launch_pid[$g]}"; done
	stop_pid "$authd_pid"
	stop_pid "$dp_pid"
	stop_pid "$vtpmd_pid"
	"$src/tools/root_swtpm.sh" stop "$root"
	ip netns del "$ns" 2> /dev/null
	[ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT
ctl() { "$ctl_bin" -c "$policy" "$@"; }

# One image and one disk for both guests; their command lines differ (name,
# address, test actions), so each has its own approved PCR 8.
qs_image "$tmp/img" || exit 1
chmod 755 "$tmp"
truncate -s 1M "$tmp/disk.img"
mkdir -p "$run"
ok_word=a-to-b-8080-$$ other_word=a-to-b-9090-$$ back_word=b-to-a-7000-$$
declare -A ip cmdline
ip[a]=10.79.0.10 ip[b]=10.79.0.11
base="console=ttyS0 quiet panic=-1"
cmdline[a]="$base vmgate.name=a vmgate.ip=${ip[a]}/24 vmgate.test=listen:7000,send:${ip[b]}:8080:$ok_word,send:${ip[b]}:9090:$other_word"
cmdline[b]="$base vmgate.name=b vmgate.ip=${ip[b]}/24 vmgate.test=listen:8080,listen:9090,send:${ip[a]}:7000:$back_word"
cat > "$policy" <<CONF
gateway = { name = "gw"; runtime_dir = "$run"; control_mac = "02:00:00:0e:00:01";
  control_ipv4 = "10.79.0.1/24"; cores = [1]; memory_mb = 256; hugepages = "off"; };
root_tpm = { tcti = "swtpm:path=$root/root-tpm.sock"; state_dir = "$state"; };
guests = (
$(qs_guest a 52:54:00:0e:00:0a "${ip[a]}/24" "$run/vhost-a.sock" "$tmp/img" "$tmp/disk.img" "${cmdline[a]}"),
$(qs_guest b 52:54:00:0e:00:0b "${ip[b]}/24" "$run/vhost-b.sock" "$tmp/img" "$tmp/disk.img" "${cmdline[b]}")
);
policy = { default = "deny"; rules = (
  { name = "a-to-b-web"; from = "a"; to = "b"; proto = "tcp"; ports = 8080;
    action = "allow"; stateful = true; },
  { name = "a-to-b-rest"; from = "a"; to = "b"; proto = "tcp"; action = "deny"; }
); };
attestation = { required = true; grant_ttl = 240; reattest_interval = 120; on_failure = "isolate"; };
vmm = { audit_log = "$tmp/audit.log"; };
CONF
"$ctl_bin" check -c "$policy" || exit 1

# The root of trust, and a vTPM per guest with its certificates.
"$src/tools/root_swtpm.sh" start "$root" || exit 1
"$build/vtpm/vmgate-vtpmd" -c "$policy" 2> "$tmp/vtpmd.log" &
vtpmd_pid=$!
wait_until 10 eval 'ctl vtpm list > /dev/null 2>&1' || { cat "$tmp/vtpmd.log"; exit 1; }
reference=$(ctl --json vtpm list | jq -r .gateway_pcr23)
for g in a b; do
	ctl vtpm create "$g" > /dev/null || { cat "$tmp/vtpmd.log"; exit 1; }
	# The seed disk's files (the launcher adds the event log); each asks
	# for the other, so each one's sends wait for the pair's grant.
	mkdir "$tmp/seed-$g"
	cp "$state/ca.der" "$state/guests/$g/ak.der" "$state/guests/$g/tls.der" "$tmp/seed-$g/"
	echo 10.79.0.1:7447 > "$tmp/seed-$g/connect"
	echo gw > "$tmp/seed-$g/gateway"
	echo "$reference" > "$tmp/seed-$g/gateway-pcr23"
done
echo b > "$tmp/seed-a/peers"
echo a > "$tmp/seed-b/peers"

# The gateway: the dataplane (its punt port up first), then authd on the
# punt port's control address.
ports_up() { [ "$(ctl --json status 2> /dev/null | jq .ports_up)" = "$1" ]; }
qs_dataplane "$ns" "$policy" "$tmp/dataplane.log" || exit 1
dp_pid=$qs_pid
wait_until 20 ports_up 1 || { echo "the dataplane's punt port did not come up"; cat "$tmp/dataplane.log"; exit 1; }
ip netns exec "$ns" "$build/authd/vmgate-authd" -c "$policy" 2> "$tmp/authd.log" &
authd_pid=$!
wait_until 10 eval 'ctl --json sessions > /dev/null 2>&1' || { cat "$tmp/authd.log"; exit 1; }

for g in a b; do
	qs_launch "$g" "$policy" "$tmp/seed-$g" "$tmp/$g.console" "$tmp/$g.launch.log"
	launch_pid[$g]=$qs_pid
done
for g in a b; do qs_tcg_notice "$tmp/$g.launch.log" "$g"; done
check "both guests' vhost-user ports are up" wait_until 30 ports_up 3

for g in a b; do
	check "$g boots and prints its launch PCRs" wait_until 180 said "$tmp/$g.console" "PCR 9 sha256"
	read -r pcr8 pcr9 < <(qs_launch_pcrs "$tmp/img" "$tmp/disk.img" "${cmdline[$g]}")
	check "  $g's PCR 8 is its kernel, then its command line (the event log's replay)" \
		grep -aqi "vmgate-guest: PCR 8 sha256 $pcr8" "$tmp/$g.console"
	check "  $g's PCR 9 is the initrd, then the disk" \
		grep -aqi "vmgate-guest: PCR 9 sha256 $pcr9" "$tmp/$g.console"
	check "  $g's launcher extended them at the firmware's start-up" \
		grep -q "measurements extended into the vTPM (4 events, start-up 1)" "$tmp/$g.launch.log"
done

session() { ctl --json sessions | jq -r ".[] | select(.name == \"$1\") | .$2"; }
attested() { [ "$(session a state) $(session b state)" = "attested attested" ]; }
granted() {
	[ "$(ctl --json sessions | jq '.[] | select(.name == "a") | any(.grants[]; .peer == "b")')" = true ]
}
check "both attest: vmgatectl sessions shows a and b attested" wait_until 150 attested
verdicts() { grep -q "AUDIT guest=a result=attested" "$tmp/authd.log" &&
	grep -q "AUDIT guest=b result=attested" "$tmp/authd.log"; }
check "  authd's verdict on each: attested" verdicts
check "  and no attestation failed" \
	[ "$(ctl --json sessions | jq '[.[].failures[]] | add // 0')" = 0 ]
check "the pair a-b is granted (a's grants name b)" wait_until 60 granted
told() { said "$tmp/a.console" "pair b ok" && said "$tmp/b.console" "pair a ok"; }
check "  both agents were told (each asked for the other)" wait_until 60 told

drops() { ctl --json ports | jq ".[] | select(.name == \"$1\") | .drops.$2 // 0"; }
check "a -> b on the allowed port: a's connection is made" \
	wait_until 60 said "$tmp/a.console" "vmgate-test: send ${ip[b]}:8080 ok"
check "  and b's listener received a's word" \
	wait_until 10 said "$tmp/b.console" "vmgate-test: listen 8080 received: $ok_word"
check "a -> b on another port: a's connection fails" \
	wait_until 30 said "$tmp/a.console" "vmgate-test: send ${ip[b]}:9090 failed"
check "  nothing arrived at b's listener" fails said "$tmp/b.console" "listen 9090 received"
check "  the dataplane counted a's SYNs as acl_deny on a's port" [ "$(drops a acl_deny)" -ge 1 ]
check "b -> a unsolicited: b's connection fails" \
	wait_until 60 said "$tmp/b.console" "vmgate-test: send ${ip[a]}:7000 failed"
check "  nothing arrived at a's listener" fails said "$tmp/a.console" "listen 7000 received"
check "  the dataplane counted b's SYNs as default_deny on b's port" [ "$(drops b default_deny)" -ge 1 ]
check "no frame between them was dropped for want of a grant" \
	[ "$(drops a no_grant) $(drops b no_grant)" = "0 0" ]
hooks_done() { said "$tmp/a.console" "vmgate-test: done" && said "$tmp/b.console" "vmgate-test: done"; }
check "both hooks finished" hooks_done

for g in a b; do
	check "SIGTERM stops $g's launcher and QEMU cleanly" stop_status "${launch_pid[$g]}"
	unset "launch_pid[$g]"
done
check "authd exits cleanly" stop_status "$authd_pid"
authd_pid=""
check "vtpmd exits cleanly" stop_status "$vtpmd_pid"
vtpmd_pid=""
check "no daemon log has a sanitizer report" \
	fails grep -l "Sanitizer\|runtime error" "$tmp"/*.log
if ! checks_summary "vmm-launch-two-guests"; then
	for f in "$tmp"/*.console "$tmp"/*.log; do echo "--- ${f##*/}"; tail -n 30 "$f"; done
	exit 1
fi
