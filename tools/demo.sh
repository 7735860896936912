#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The demo: installs what is missing, builds, then runs the gateway on the
# demo policy (config/examples/demo.conf) and shows with counters what
# passes and what not.
#
#   tools/demo.sh [--vms | --sim]
#     --vms   real QEMU guests, launched measured by vmgate-launch from the
#             guest image (tools/demo_vms.sh); where KVM does not really
#             work they run emulated under TCG: slower (about 40 s on two
#             cores), functional only
#     --sim   guests simulated in network namespaces (about 25 s)
#   Default: --vms where KVM really works (vmx or svm in /proc/cpuinfo and
#   /dev/kvm opens, the launcher's rule), --sim otherwise.
#   VMGATE_BUILD: the build directory (default: build).
#
# Simulated: the root of trust is an swtpm the demo starts; vmgate-vtpmd
# measures the gateway into it and gives each guest a vTPM certified by the
# platform CA; vmgate-measure stands in for the measured launch; each
# guest's vmgate-agent attests to vmgate-authd, which grants the pairs. The
# guest "rogue" was launched from a kernel the policy does not approve.
# Everything the demo starts it stops by PID on exit, Ctrl-C included.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
build=${VMGATE_BUILD:-build}

mode=""
while [ $# -gt 0 ]; do
	case "$1" in
	--vms) mode=vms ;;
	--sim) mode=sim ;;
	-h|--help) sed -n '3,15p' "$0" | cut -c 3-; exit 0 ;;
	*) echo "demo: unknown argument '$1' (see --help)" >&2; exit 2 ;;
	esac
	shift
done
. tools/qemu_guests.sh
if [ -z "$mode" ]; then
	if qs_kvm_works; then mode=vms; else mode=sim; fi
	echo "demo: $([ $mode = vms ] && echo "KVM works here: QEMU guests (--sim for simulated ones)" ||
		echo "no usable KVM here: simulated guests (--vms for QEMU guests under TCG: slow)")"
fi

tools/setup.sh
tools/build.sh "$build" | tail -n 1
[ "$mode" = sim ] || exec tools/demo_vms.sh "$build"

ctl=$build/tools/vmgatectl/vmgatectl
policy=config/examples/demo.conf
SIM_BUILD=$build SIM_NS=vgdemo SIM_TMP=$(mktemp -d)
. tools/simulated_guests.sh
vtpmd_pid="" authd_pid="" agent_pids=()
stop_trust() {
	local p
	for p in "${agent_pids[@]}" $authd_pid $vtpmd_pid; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	tools/root_swtpm.sh stop /run/vmgate-demo || true
}
trap 'stop_trust; sim_cleanup; rm -rf "$SIM_TMP" /run/vmgate-demo' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

step() { printf '\n== %s\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; }
tcp_to() {  # tcp_to FROM HOST PORT: one line across, or nothing
	sim_in db timeout 4 nc -l "$3" > "$SIM_TMP/got" 2>/dev/null &
	local server=$!
	sleep 0.3
	echo "hello from $1" | sim_in "$1" timeout 3 nc -N -w 2 "$2" "$3" 2>/dev/null || true
	wait "$server" 2>/dev/null || true
	if [ -s "$SIM_TMP/got" ]; then echo "   $1 -> $2:$3 passed: $(cat "$SIM_TMP/got")"
	else echo "   $1 -> $2:$3 got nothing"; fi
}

step "vmgatectl check: the demo policy is valid"
show "$ctl" check -c "$policy"

step "the root of trust: a root swtpm, vmgate-vtpmd, one vTPM per guest"
sim_cleanup
tools/root_swtpm.sh stop /run/vmgate-demo 2>/dev/null || true
tools/root_swtpm.sh stop /run/vmgate-demo/root 2>/dev/null || true  # left by --vms
rm -rf /run/vmgate-demo
tools/root_swtpm.sh start /run/vmgate-demo
"$build"/vtpm/vmgate-vtpmd -c "$policy" 2> "$SIM_TMP/vtpmd.log" &
vtpmd_pid=$!
for _ in $(seq 50); do [ -S /run/vmgate-demo/vtpmd.sock ] && break; sleep 0.1; done
for g in web api db rogue; do "$ctl" -c "$policy" vtpm create "$g" > /dev/null; done
show "$ctl" -c "$policy" vtpm list

step "measured launch (simulated): web, api and db from the approved kernel, rogue not"
tcti_of() { "$ctl" -c "$policy" --json vtpm show "$1" | jq -r .tcti; }
for g in web api db rogue; do
	kernel="demo kernel 6.1"
	[ "$g" = rogue ] && kernel="demo kernel 6.1 with a rootkit"
	"$build"/tools/measure/vmgate-measure --tcti "$(tcti_of $g)" --log "$SIM_TMP/$g.evlog" \
		--part kernel --text "$kernel" --part initrd --text "demo initrd 6.1"
	echo "   $g: kernel \"$kernel\""
done
show "$ctl" -c "$policy" vtpm quote "$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"

step "starting the dataplane and four simulated guests"
sim_guest_start web /run/vmgate-demo/vhost-web.sock 52:54:00:77:00:10 10.77.0.10/24 fd00:77::10/64
sim_guest_start api /run/vmgate-demo/vhost-api.sock 52:54:00:77:00:11 10.77.0.11/24 fd00:77::11/64
sim_guest_start db /run/vmgate-demo/vhost-db.sock 52:54:00:77:00:20 10.77.0.20/24 fd00:77::20/64
sim_guest_start rogue /run/vmgate-demo/vhost-rogue.sock 52:54:00:77:00:66 10.77.0.66/24
sim_dataplane_start "$policy" 5
show "$ctl" -c "$policy" guests

step "no pair holds a grant yet: nothing passes, even what the rules allow"
tcp_to web 10.77.0.20 5432

step "vmgate-authd and an agent in each guest: mutual attestation, then pair grants"
ip netns exec vgdemo-gw "$build"/authd/vmgate-authd -c "$policy" 2> "$SIM_TMP/authd.log" &
authd_pid=$!
reference=$("$ctl" -c "$policy" --json vtpm list | jq -r .gateway_pcr23)
state=/run/vmgate-demo/vtpm-state
agent() {  # agent GUEST PEER...
	local g=$1 peers=() p
	shift
	for p in "$@"; do peers+=(--peer "$p"); done
	ip netns exec "vgdemo-$g" "$build"/authd/vmgate-agent --name "$g" --tcti "$(tcti_of $g)" \
		--connect 10.77.0.1:7447 --ca "$state/ca.der" \
		--ak-cert "$state/guests/$g/ak.der" --tls-cert "$state/guests/$g/tls.der" \
		--gateway demo-gw --gateway-pcr23 "$reference" --event-log "$SIM_TMP/$g.evlog" \
		"${peers[@]}" > "$SIM_TMP/agent-$g.out" 2>&1 &
	agent_pids+=($!)
}
agent db
agent api db
agent web db api
agent rogue db
sim_wait_for "grep -qs 'pair db ok' '$SIM_TMP/agent-web.out' && grep -qs 'pair db ok' '$SIM_TMP/agent-api.out'" || true
sleep 1
for g in web api db rogue; do sed "s/^/   $g: /" "$SIM_TMP/agent-$g.out" | head -n 4; done
show "$ctl" -c "$policy" sessions

step "allowed: PostgreSQL from the frontend to db, ping db, IPv6 ping"
tcp_to web 10.77.0.20 5432
tcp_to api 10.77.0.20 5432
sim_in web ping -c 2 -i 0.2 -W 1 10.77.0.20 | tail -n 2
sim_in web ping -c 2 -i 0.2 -W 1 fd00:77::20 | tail -n 2

step "denied: SSH to db (rule no-ssh), an unlisted port (default deny), rogue (refused at attestation: no grant)"
tcp_to web 10.77.0.20 22
tcp_to web 10.77.0.20 6379
tcp_to rogue 10.77.0.20 5432

step "what the gateway counted"
show "$ctl" -c "$policy" rules
show "$ctl" -c "$policy" ports
show "$ctl" -c "$policy" grants

step "a broken policy is refused with the line that is wrong, and nothing changes"
broken=$SIM_TMP/broken.conf
sed 's/ports = 5432;/ports = "5432-5400";/' "$policy" > "$broken"
"$ctl" check -c "$broken" || true
echo
echo "demo: done"
