#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The demo with real QEMU guests (tools/demo.sh --vms runs it, after setup
# and the build). The story of the simulated demo, told by QEMU guests of
# the guest image (tools/guest_image.sh) that vmgate-launch launches
# measured: the demo policy (config/examples/demo.conf) with each guest's
# launch and approved measurements filled in from the image built here; a
# root swtpm and vmgate-vtpmd; the dataplane and vmgate-authd in the
# gateway's network namespace; web, api and db launched measured, their
# agents attesting from inside; traffic sent from inside the guests by the
# image's test hook (vmgate.test= on their measured command lines); rogue,
# whose initrd was changed after the policy approved it, refused by the
# launcher and audited. Under TCG (no usable KVM) the guests are emulated:
# slow, functional only.
#   tools/demo_vms.sh BUILD_DIR
# Everything it starts it stops by PID on exit (Ctrl-C and failures too);
# its namespace and directories are removed (KEEP=1 keeps the logs and the
# guests' consoles).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 1 ] || { echo "usage: tools/demo_vms.sh BUILD_DIR" >&2; exit 2; }
build=$(cd "$1" && pwd)
. "$src/tools/qemu_guests.sh"

run=/run/vmgate-demo ns=vgdemo-gw
ctl_bin=$build/tools/vmgatectl/vmgatectl
started=$(date +%s)
for t in qemu-system-x86_64 swtpm jq python3 cpio gzip; do
	command -v "$t" > /dev/null || { echo "demo: missing $t (tools/setup.sh installs it)"; exit 1; }
done
getent passwd nobody > /dev/null || { echo "demo: no user 'nobody' to run QEMU as"; exit 1; }

tmp=$(mktemp -d)
policy=$tmp/demo-vms.conf
guests=(web api db)
declare -A launch_pid=() ip=() cmdline=()
vtpmd_pid="" dp_pid="" authd_pid=""
cleanup() {
	local g
	set +e
	trap - INT TERM HUP
	# The launchers first, all at once: each stops its QEMU (SIGTERM).
	for g in "${!launch_pid[@]}"; do kill "${launch_pid[$g]}" 2> /dev/null; done
	for g in "${!launch_pid[@]}"; do stop_pid "${launch_pid[$g]}"; done
	stop_pid "$authd_pid"
	stop_pid "$dp_pid"
	stop_pid "$vtpmd_pid"
	"$src/tools/root_swtpm.sh" stop "$run/root"
	ip netns del "$ns" 2> /dev/null
	rm -rf "$run"
	if [ -n "${KEEP:-}" ]; then echo "demo: logs and consoles kept in $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# Shown commands name the demo's files without their directory.
step() { printf '\n== %s\n' "$*"; }
show() {
	local s="$*"
	s=${s/#ctl /$ctl_bin -c $policy }
	s=${s//$tmp\//}
	printf '$ %s\n' "${s//$src\//}"
	"$@"
}
ctl() { "$ctl_bin" -c "$policy" "$@"; }
indent() { sed "s/^/   ${1:-}/"; }
# fail WHAT LOG...: the demo cannot go on; the logs say why.
fail() {
	local f
	echo "demo: $1" >&2
	shift
	for f in "$@"; do echo "--- ${f##*/}" >&2; tail -n 20 "$f" >&2; done
	exit 1
}
elapsed() { echo "$(( $(date +%s) - started )) s"; }

tcg="" wrong=0
if ! qs_kvm_works; then
	tcg=1
	cat <<'WARN'

!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!!! NO USABLE KVM HERE: the guests run EMULATED under QEMU's TCG.
!!! Slow, functional only: what follows shows behaviour, not performance.
!!! (KVM needs a vmx or svm flag in /proc/cpuinfo and a /dev/kvm that opens.)
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
WARN
fi

# A previous run that was killed outright (this demo's or the simulated
# one's) may have left these.
"$src/tools/root_swtpm.sh" stop "$run/root" 2> /dev/null || true
"$src/tools/root_swtpm.sh" stop "$run" 2> /dev/null || true
ip netns del "$ns" 2> /dev/null || true
rm -rf "$run"
# QEMU's user must pass through it to its TPM socket, not list it.
mkdir -m 711 "$run"

step "the guest image: Debian's kernel and a busybox initrd with vmgate-agent (tools/guest_image.sh)"
qs_image "$tmp/img" || fail "the guest image could not be built"
chmod 711 "$tmp"  # QEMU's user reopens the images it was given
grep '^guest_image:' "$tmp/img.out" | indent
truncate -s 1M "$tmp/disk.img"
# rogue's image: a copy, approved as it is now; the demo changes it later.
cp -r "$tmp/img" "$tmp/img-rogue"

# What each guest does from inside (the test hook): db listens; web sends
# to db on PostgreSQL, SSH and Redis and to api on HTTP; api tries web.
ip[web]=10.77.0.10 ip[api]=10.77.0.11 ip[db]=10.77.0.20 ip[rogue]=10.77.0.66
db=${ip[db]}
base="console=ttyS0 quiet panic=-1"
cmdline[web]="$base vmgate.name=web vmgate.ip=${ip[web]}/24 vmgate.test=listen:8080,send:$db:5432:hello-db-from-web,send:${ip[api]}:8080:hello-api-from-web,send:$db:22:ssh-from-web,send:$db:6379:redis-from-web"
cmdline[api]="$base vmgate.name=api vmgate.ip=${ip[api]}/24 vmgate.test=listen:8080,send:${ip[web]}:8080:hello-web-from-api"
cmdline[db]="$base vmgate.name=db vmgate.ip=$db/24 vmgate.test=listen:5432,listen:22,listen:6379"
cmdline[rogue]="$base vmgate.name=rogue vmgate.ip=${ip[rogue]}/24"
entry() {  # entry NAME MAC GROUP IMAGE
	qs_guest "$1" "$2" "${ip[$1]}/24" "$run/vhost-$1.sock" "$4" "$tmp/disk.img" "${cmdline[$1]}" \
		"groups = [\"$3\"];"
}
{
	echo "# The demo policy (config/examples/demo.conf) with QEMU guests of the"
	echo "# image built for this run: their launch and its approved measurements."
	# demo.conf's gateway, rules, attestation and signatures, without its
	# simulated guests and its root TPM (here in a directory of its own:
	# QEMU's user passes through the runtime directory, and must not reach
	# the root TPM).
	awk '/^(root_tpm = \{|guests = \()$/ { skip = 1; n++; next }
		skip { if ($0 ~ /^(\};|\);)$/) skip = 0; next }
		{ print }
		END { exit n != 2 }' "$src/config/examples/demo.conf"
	cat <<CONF
root_tpm = { tcti = "swtpm:path=$run/root/root-tpm.sock"; state_dir = "$run/vtpm-state"; };
guests = (
$(entry web 52:54:00:77:00:10 frontend "$tmp/img"),
$(entry api 52:54:00:77:00:11 frontend "$tmp/img"),
$(entry db 52:54:00:77:00:20 backend "$tmp/img"),
$(entry rogue 52:54:00:77:00:66 frontend "$tmp/img-rogue")
);
vmm = { audit_log = "$run/audit.log"; };
CONF
} > "$policy" || fail "config/examples/demo.conf no longer has the root_tpm and guests blocks this script replaces"

step "vmgatectl check: the demo policy, each guest's launch and approved measurements from this image"
show "$ctl_bin" check -c "$policy"
for g in "${guests[@]}" rogue; do echo "   $g: ${cmdline[$g]#"$base "}"; done

step "the root of trust: a root swtpm, vmgate-vtpmd, one vTPM per guest"
"$src/tools/root_swtpm.sh" start "$run/root"
"$build/vtpm/vmgate-vtpmd" -c "$policy" 2> "$tmp/vtpmd.log" &
vtpmd_pid=$!
wait_until 10 eval 'ctl vtpm list > /dev/null 2>&1' || fail "vmgate-vtpmd did not start" "$tmp/vtpmd.log"
for g in "${guests[@]}" rogue; do ctl vtpm create "$g" > /dev/null || fail "no vTPM for $g" "$tmp/vtpmd.log"; done
show ctl vtpm list
reference=$(ctl --json vtpm list | jq -r .gateway_pcr23)
state=$run/vtpm-state
seed() {  # seed GUEST [PEER...]: what the launcher puts on GUEST's seed disk
	local g=$1 d=$tmp/seed-$1
	shift
	mkdir "$d"
	cp "$state/ca.der" "$state/guests/$g/ak.der" "$state/guests/$g/tls.der" "$d/"
	echo 10.77.0.1:7447 > "$d/connect"
	echo demo-gw > "$d/gateway"
	echo "$reference" > "$d/gateway-pcr23"
	[ $# -eq 0 ] || printf '%s\n' "$@" > "$d/peers"
}
# Each agent asks for the pairs its guest needs; db only attests.
seed web db api
seed api web
seed db
seed rogue db

step "the gateway: the dataplane, then vmgate-authd on its control address, in namespace $ns"
ports_up() { [ "$(ctl --json status 2> /dev/null | jq .ports_up)" = "$1" ]; }
qs_dataplane "$ns" "$policy" "$tmp/dataplane.log" || fail "cannot make namespace $ns"
dp_pid=$qs_pid
wait_until 30 ports_up 1 || fail "the dataplane's punt port did not come up" "$tmp/dataplane.log"
ip netns exec "$ns" "$build/authd/vmgate-authd" -c "$policy" 2> "$tmp/authd.log" &
authd_pid=$!
wait_until 10 eval 'ctl --json sessions > /dev/null 2>&1' || fail "vmgate-authd did not start" "$tmp/authd.log"
echo "   no pair holds a grant yet: the dataplane passes nothing between guests"
show ctl grants

step "measured launch: vmgate-launch hashes each part, compares it with the policy, extends PCR 8/9, starts QEMU as nobody"
for g in "${guests[@]}"; do
	qs_launch "$g" "$policy" "$tmp/seed-$g" "$tmp/$g.console" "$tmp/$g.launch.log"
	launch_pid[$g]=$qs_pid
done
for g in "${guests[@]}"; do
	wait_until 30 said "$tmp/$g.launch.log" "QEMU running" ||
		fail "$g's launch did not start QEMU" "$tmp/$g.launch.log"
done
tcg_line=$(grep -h "under TCG" "$tmp"/*.launch.log | sed -n 1p || true)
if [ -n "$tcg_line" ]; then
	echo "   $tcg_line"
	echo "   !!! the guests run EMULATED (TCG): they boot in tens of seconds, not one"
fi
wait_until 60 ports_up 4 || fail "the guests' vhost-user ports did not come up" "$tmp/dataplane.log"
for g in "${guests[@]}"; do
	wait_until 240 said "$tmp/$g.console" "vmgate-guest: seed disk" ||
		fail "$g did not boot" "$tmp/$g.console" "$tmp/$g.launch.log"
done
echo "   all three booted ($(elapsed) since the demo started); their launchers and consoles said:"
for g in "${guests[@]}"; do
	grep -E "measured and approved|extended|QEMU running" "$tmp/$g.launch.log" |
		cut -c 1-130 | indent "$g: " || true
	grep -aE "vmgate-guest: (guest|eth0|TPM|PCR|seed)" "$tmp/$g.console" | cut -c 1-130 | indent "$g: " || true
	# The guest prints its PCRs in upper case.
	read -r pcr8 pcr9 < <(qs_launch_pcrs "$tmp/img" "$tmp/disk.img" "${cmdline[$g]}")
	if grep -aqi "PCR 8 sha256 $pcr8" "$tmp/$g.console" && grep -aqi "PCR 9 sha256 $pcr9" "$tmp/$g.console"
	then
		echo "   $g: its PCR 8 and 9 are the replay of its launch event log"
	else
		echo "   $g: its PCR 8 and 9 DIFFER from its launch event log's replay"
		wrong=$((wrong + 1))
	fi
done

step "rogue: its initrd was changed after the policy approved it (one more file: a stand-in for a rootkit)"
mkdir -p "$tmp/rootkit/bin"
printf '#!/bin/sh\n# not what the policy approved\n' > "$tmp/rootkit/bin/rootkit"
(cd "$tmp/rootkit" && find . -mindepth 1 | cpio -o -H newc --quiet | gzip -n) >> "$tmp/img-rogue/initrd.img"
echo "\$ ${qs_launcher#"$src/"} -c demo-vms.conf --guest rogue --seed seed-rogue --user nobody --console rogue.console"
# In the background all the same: were it approved, it would run QEMU.
qs_launch rogue "$policy" "$tmp/seed-rogue" "$tmp/rogue.console" "$tmp/rogue.launch.log"
launch_pid[rogue]=$qs_pid
exited() { ! kill -0 "$1" 2> /dev/null; }
if wait_until 30 exited "$qs_pid"; then
	status=0
	wait "$qs_pid" || status=$?
	unset 'launch_pid[rogue]'
else
	status="none: still running"
fi
cut -c 1-200 "$tmp/rogue.launch.log" | indent
if [ "$status" = 2 ] && [ ! -e "$tmp/rogue.console" ]; then
	echo "   exit status 2: refused; nothing of rogue was started (no QEMU, no console)"
else
	echo "   NOT REFUSED: exit status $status (the launcher must refuse rogue)"
	wrong=$((wrong + 1))
fi
show ctl audit

step "attestation: each guest's vmgate-agent, from inside, checks the gateway's quote, then proves its launch over TLS 1.3"
attested() {
	local g
	for g in "${guests[@]}"; do
		[ "$(ctl --json sessions | jq -r ".[] | select(.name == \"$g\") | .state")" = attested ] || return 1
	done
}
wait_until 240 attested || fail "not every guest attested" "$tmp/authd.log" "$tmp"/*.console
granted() { said "$tmp/web.console" "pair db ok" && said "$tmp/web.console" "pair api ok" &&
	said "$tmp/api.console" "pair web ok"; }
wait_until 120 granted || fail "the pairs were not granted" "$tmp/authd.log" "$tmp/web.console"
echo "   attested and granted ($(elapsed) since the demo started); the agents said:"
for g in "${guests[@]}"; do
	# What each agent reached (an early "pair failed" while its peer was
	# still booting is retried, and not shown).
	grep -aE "^(gateway verified|attested ok|pair [^ ]+ ok)" "$tmp/$g.console" |
		sed 's/ ttl=.*//' | awk '!seen[$0]++' | indent "$g: " || true
done
grep -a "AUDIT" "$tmp/authd.log" | sed -n 1,3p | cut -c 1-130 | indent || true
show ctl sessions

step "from inside the guests: allowed services pass, the rest is dropped and counted"
hooks_done() { said "$tmp/web.console" "vmgate-test: done" && said "$tmp/api.console" "vmgate-test: done"; }
wait_until 120 hooks_done || fail "the guests' test actions did not finish" "$tmp/web.console" "$tmp/api.console"
for g in "${guests[@]}"; do
	grep -a "vmgate-test: \(send\|listen\)" "$tmp/$g.console" | indent "$g: " || true
done
# sent pass|drop FROM TO PORT WORD WHY: what the consoles say about one
# connection, and whether that is what the policy says.
sent() {
	local expect=$1 from=$2 to=$3 port=$4 word=$5 why=$6 got=drop
	said "$tmp/$to.console" "listen $port received: $word" && got=pass
	if [ "$got" = pass ]; then
		echo "   $from -> $to:$port passed: $to received '$word' ($why)"
	else
		echo "   $from -> $to:$port got nothing through ($why)"
	fi
	[ "$got" = "$expect" ] || { echo "   !!! that is NOT what the policy says"; wrong=$((wrong + 1)); }
}
sent pass web db 5432 hello-db-from-web "rule frontend-to-db"
sent pass web api 8080 hello-api-from-web "rule web-to-api, payload inspected"
sent drop web db 22 ssh-from-web "rule no-ssh"
sent drop web db 6379 redis-from-web "default deny"
sent drop api web 8080 hello-web-from-api "default deny: web-to-api allows web's connections only"
echo "   rogue -> db: rogue never ran (refused at launch) and holds no grant"
# counted PORT REASON: the dataplane counted drops of that reason on PORT.
counted() {
	local n
	n=$(ctl --json ports | jq ".[] | select(.name == \"$1\") | .drops.$2 // 0")
	echo "   $1's port counted $2: $n"
	[ "$n" -ge 1 ] || { echo "   !!! the dataplane should have counted these"; wrong=$((wrong + 1)); }
}
counted web acl_deny
counted web default_deny
counted api default_deny

step "what the gateway counted"
show ctl rules
show ctl ports
show ctl grants

step "the audit log: every launch, approved or refused, hash-chained"
show ctl audit verify

step "a broken policy is refused with the line that is wrong, and nothing changes"
sed 's/ports = 5432;/ports = "5432-5400";/' "$policy" > "$tmp/broken.conf"
show "$ctl_bin" check -c "$tmp/broken.conf" || true
echo
if [ "$wrong" -ne 0 ]; then
	echo "demo: $wrong outcome(s) differ from what the policy says (see '!!!' above)"
	exit 1
fi
echo "demo: done in $(elapsed)$([ -z "$tcg" ] || echo ", guests under TCG"); stopping the guests and the gateway"
