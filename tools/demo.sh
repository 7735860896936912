#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The demo: installs what is missing, builds, then runs the gateway on the
# demo policy (config/examples/demo.conf) with its guests simulated in
# network namespaces, and shows with counters what passes and what not.
# The root of trust is an swtpm the demo starts; vmgate-vtpmd measures the
# gateway into it and gives each guest a vTPM certified by the platform CA.
# Attestation is not built yet: the demo grants pairs by hand where authd
# will grant them after attestation.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD

tools/setup.sh
tools/build.sh build | tail -n 1

ctl=build/tools/vmgatectl/vmgatectl
policy=config/examples/demo.conf
SIM_BUILD=build SIM_NS=vgdemo SIM_TMP=$(mktemp -d)
. tools/simulated_guests.sh
vtpmd_pid=""
stop_trust() {
	if [ -n "$vtpmd_pid" ]; then
		kill "$vtpmd_pid" 2>/dev/null || true
		wait "$vtpmd_pid" 2>/dev/null || true
	fi
	tools/root_swtpm.sh stop /run/vmgate-demo || true
}
trap 'stop_trust; sim_cleanup; rm -rf "$SIM_TMP"' EXIT

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
rm -rf /run/vmgate-demo
tools/root_swtpm.sh start /run/vmgate-demo
build/vtpm/vmgate-vtpmd -c "$policy" 2> "$SIM_TMP/vtpmd.log" &
vtpmd_pid=$!
for _ in $(seq 50); do [ -S /run/vmgate-demo/vtpmd.sock ] && break; sleep 0.1; done
for g in web api db rogue; do "$ctl" -c "$policy" vtpm create "$g" > /dev/null; done
show "$ctl" -c "$policy" vtpm list
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

step "granting web<->db, api<->db and web<->api (authd will do this after attestation)"
for pair in "web db" "api db" "web api"; do show "$ctl" -c "$policy" grant $pair --ttl 300; done

step "allowed: PostgreSQL from the frontend to db, ping db, IPv6 ping"
tcp_to web 10.77.0.20 5432
tcp_to api 10.77.0.20 5432
sim_in web ping -c 2 -i 0.2 -W 1 10.77.0.20 | tail -n 2
sim_in web ping -c 2 -i 0.2 -W 1 fd00:77::20 | tail -n 2

step "denied: SSH to db (rule no-ssh), an unlisted port (default deny), rogue (no grant)"
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
