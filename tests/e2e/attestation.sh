#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Attestation end to end on simulated guests: a root swtpm, vmgate-vtpmd
# with a vTPM per guest (launch measurements extended by vmgate-measure),
# the dataplane and vmgate-authd in the gateway's namespace, and a
# vmgate-agent in each guest's namespace reaching authd through the
# dataplane's punt port. Proves: nothing passes before attestation; the
# allowed service passes once both attested and a asked for b; a guest
# whose PCR is extended with an unapproved value is cut off within a
# second, with the reason in "vmgatectl sessions"; an agent refuses a
# gateway whose measurements are not its reference; grants lapse without
# re-attestation; a killed authd leaves traffic until the TTL only; a
# restarted authd resumes.
#   attestation.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
ctl_bin=$build/tools/vmgatectl/vmgatectl

skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces and TAP devices)"
[ -c /dev/net/tun ] || skip "no /dev/net/tun"
for t in ip jq ping swtpm swtpm_setup swtpm_ioctl sha256sum; do
	command -v "$t" >/dev/null || skip "missing $t (tools/setup.sh installs it)"
done

tmp=$(mktemp -d)
run=$tmp/run state=$tmp/state root=$tmp/root policy=$tmp/policy.conf
SIM_BUILD=$build SIM_NS=vge2e$$ SIM_TMP=$tmp
. "$src/tools/simulated_guests.sh"
. "$src/tests/checks.sh"
declare -A agent_pid
vtpmd_pid="" authd_pid=""

stop_pid() {  # stop_pid PID: TERM, then KILL after 5 s; reaped
	[ -n "$1" ] || return 0
	kill "$1" 2>/dev/null
	for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}
cleanup() {
	for g in "${!agent_pid[@]}"; do stop_pid "${agent_pid[$g]}"; done
	stop_pid "$authd_pid"
	stop_pid "$vtpmd_pid"
	sim_cleanup
	"$src/tools/root_swtpm.sh" stop "$root"
	[ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT

digest() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
mkdir -p "$run"
cat > "$policy" <<CONF
gateway = { name = "gw"; runtime_dir = "$run"; control_mac = "02:00:00:0e:00:01";
  control_ipv4 = "10.88.0.1/24"; cores = [1]; memory_mb = 256; hugepages = "off"; };
root_tpm = { tcti = "swtpm:path=$root/root-tpm.sock"; state_dir = "$state"; };
guests = (
  { name = "a"; mac = "52:54:00:0e:00:0a"; ipv4 = "10.88.0.10/24";
    vhost_socket = "$run/vhost-a.sock";
    measurements = { kernel = "$(digest kernel-a)"; initrd = "$(digest initrd-a)"; }; },
  { name = "b"; mac = "52:54:00:0e:00:0b"; ipv4 = "10.88.0.11/24";
    vhost_socket = "$run/vhost-b.sock";
    measurements = { kernel = "$(digest kernel-b)"; initrd = "$(digest initrd-b)"; }; }
);
policy = { rules = (
  { name = "ping-b"; from = "a"; to = "b"; proto = "icmp"; action = "allow"; stateful = true; }
); };
attestation = { required = true; grant_ttl = 10; reattest_interval = 5; on_failure = "isolate"; };
CONF
ctl() { "$ctl_bin" -c "$policy" "$@"; }

# The root of trust and the guests' vTPMs, then their measured launch.
"$src/tools/root_swtpm.sh" start "$root" || exit 1
"$build/vtpm/vmgate-vtpmd" -c "$policy" 2> "$tmp/vtpmd.log" &
vtpmd_pid=$!
sim_wait_for "ctl vtpm list >/dev/null 2>&1" || { cat "$tmp/vtpmd.log"; exit 1; }
for g in a b; do
	ctl vtpm create "$g" > /dev/null || { cat "$tmp/vtpmd.log"; exit 1; }
	"$build/tools/measure/vmgate-measure" --tcti "$(ctl --json vtpm show $g | jq -r .tcti)" \
		--log "$tmp/$g.evlog" --part kernel --text "kernel-$g" \
		--part initrd --text "initrd-$g" || exit 1
done
reference=$(ctl --json vtpm list | jq -r .gateway_pcr23)

sim_guest_start a "$run/vhost-a.sock" 52:54:00:0e:00:0a 10.88.0.10/24 || exit 1
sim_guest_start b "$run/vhost-b.sock" 52:54:00:0e:00:0b 10.88.0.11/24 || exit 1
sim_dataplane_start "$policy" 3 || exit 1

start_authd() {
	ip netns exec "$SIM_NS-gw" "$build/authd/vmgate-authd" -c "$policy" \
		2>> "$tmp/authd.log" &
	authd_pid=$!
	sim_wait_for "[ -S '$run/authd.sock' ] && ctl --json sessions >/dev/null 2>&1"
}
# start_agent GUEST [REFERENCE] [PEER...]
start_agent() {
	local g=$1 ref=${2:-$reference} peers=() p
	shift 2 2>/dev/null || shift
	for p in "$@"; do peers+=(--peer "$p"); done
	# Not through a shell function: $! must be the agent's own PID.
	ip netns exec "$SIM_NS-$g" "$build/authd/vmgate-agent" --name "$g" \
		--tcti "$(ctl --json vtpm show $g | jq -r .tcti)" --connect 10.88.0.1:7447 \
		--ca "$state/ca.der" --ak-cert "$state/guests/$g/ak.der" \
		--tls-cert "$state/guests/$g/tls.der" --gateway gw --gateway-pcr23 "$ref" \
		--event-log "$tmp/$g.evlog" "${peers[@]}" >> "$tmp/agent-$g.out" 2>&1 &
	agent_pid[$g]=$!
}
pings() { sim_in a ping -c 1 -W 1 10.88.0.11 > /dev/null 2>&1; }
no_ping() { ! sim_in a ping -c 1 -W 1 10.88.0.11 > /dev/null 2>&1; }
session() { ctl --json sessions | jq -r ".[] | select(.name == \"$1\") | .$2"; }
said() { grep -q "$2" "$tmp/agent-$1.out"; }
# sim_wait_for_s SECONDS CMD...: CMD succeeds within SECONDS.
sim_wait_for_s() {
	local until=$(( $(date +%s) + $1 ))
	shift
	while [ "$(date +%s)" -le "$until" ]; do "$@" && return 0; sleep 0.3; done
	return 1
}

check "before attestation nothing passes" no_ping
check "authd starts in the gateway's namespace" start_authd
start_agent b "$reference"
check "b attests" sim_wait_for "said b 'attested ok'"
check "b verified the gateway first" said b "gateway verified"
check "b alone holds no grant: nothing passes" no_ping
start_agent a "$reference" b
check "a attests and is granted b" sim_wait_for "said a 'pair b ok'"
check "then the allowed service passes" pings
check "sessions shows both attested" \
	test "$(session a state) $(session b state)" = "attested attested"
check "and the pair grant" test "$(ctl --json sessions | jq '.[] | select(.name == "a") | .grants | length')" = 1

# authd restarted at once takes over the grants the dataplane holds.
stop_pid "$authd_pid"
start_authd
check "a restarted authd takes over the dataplane's live grants" \
	grep -q "took over 1 live grants" "$tmp/authd.log"

# authd goes away: the grants it gave run to their TTL, then traffic stops.
stop_pid "$authd_pid"
authd_pid=""
check "with authd killed, traffic passes until the grants' TTL" pings
check "  and stops after it" sim_wait_for_s 25 no_ping
check "a restarted authd starts" start_authd
check "  agents attest again, a is granted b again: traffic passes" sim_wait_for_s 20 pings

# Without re-attestation grants lapse: a's agent stops, b's goes on.
stop_pid "${agent_pid[a]}"
unset 'agent_pid[a]'
check "a grant lapses when one side stops re-attesting" sim_wait_for_s 30 no_ping
start_agent a "$reference" b
check "  and comes back when it attests again" sim_wait_for_s 20 pings

# A guest changed after launch: an unapproved value in its launch PCR.
"$build/tools/measure/vmgate-measure" --tcti "$(ctl --json vtpm show b | jq -r .tcti)" \
	--no-log --part kernel --text "rootkit" || exit 1
t0=$(date +%s.%N)
sim_wait_for "[ \"\$(session b state)\" = failed ]"
t1=$(date +%s.%N)
check "a tampered guest fails attestation" test "$(session b state)" = failed
check "  within a second ($(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s)" \
	awk -v a="$t0" -v b="$t1" 'BEGIN { exit !(b - a < 1.0) }'
check "  and its grants are revoked: traffic stops" no_ping
check "  sessions gives the reason" test "$(session b last_failure)" = replay
check "  the agent was told" sim_wait_for "said b 'attested failed'"

# An agent whose reference is not the gateway's measurements refuses it.
stop_pid "${agent_pid[a]}"
start_agent a 0000000000000000000000000000000000000000000000000000000000000000 b
check "an agent refuses a gateway that is not its reference" \
	sim_wait_for "said a 'gateway refused: gateway_pcr'"
stop_pid "${agent_pid[a]}"
unset 'agent_pid[a]'

check "authd exits cleanly" stop_status "$authd_pid"
authd_pid=""
check "the agents exit cleanly" stop_status "${agent_pid[b]}"
unset 'agent_pid[b]'
check "vtpmd exits cleanly" stop_status "$vtpmd_pid"
vtpmd_pid=""
check "no daemon log has a sanitizer report" \
	fails grep -l "Sanitizer\|runtime error" "$tmp"/*.log "$tmp"/*.out

checks_summary e2e
