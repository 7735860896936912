# SPDX-License-Identifier: BSD-3-Clause
# Sourced by the demo and the tests: simulated guests (a network namespace
# each, whose TAP vmgate-simguest joins to the guest's vhost-user socket)
# and a dataplane in a namespace of its own, all stopped by PID.
#
# Set before use: SIM_BUILD (the build directory), SIM_NS (a prefix for
# namespace names, unique to this run), SIM_TMP (a private directory).

SIM_PIDS=()
declare -A SIM_GUEST_PID

# The namespace NAME, created unless it exists.
sim_netns() {
	[ -e "/var/run/netns/$SIM_NS-$1" ] || ip netns add "$SIM_NS-$1"
}

sim_wait_for() {
	for _ in $(seq 100); do eval "$1" && return 0; sleep 0.1; done
	return 1
}

# sim_in NAME CMD...: run CMD inside guest NAME's namespace.
sim_in() { local n=$1; shift; ip netns exec "$SIM_NS-$n" "$@"; }

# sim_guest_start NAME SOCKET MAC IPV4/LEN [IPV6/LEN]
sim_guest_start() {
	local name=$1 sock=$2 mac=$3 v4=$4 v6=${5:-}
	sim_netns "$name" || return 1
	"$SIM_BUILD/tools/simguest/vmgate-simguest" --socket "$sock" --tap vg0 \
		--netns "$SIM_NS-$name" --mac "$mac" \
		> "$SIM_TMP/sim-$name.out" 2> "$SIM_TMP/sim-$name.log" &
	SIM_PIDS+=($!)
	SIM_GUEST_PID[$name]=$!
	sim_wait_for "grep -q ready '$SIM_TMP/sim-$name.out'" ||
		{ echo "simulated guest $name did not start:"; cat "$SIM_TMP/sim-$name.log"; return 1; }
	sim_in "$name" ip link set lo up
	sim_in "$name" ip addr add "$v4" dev vg0
	[ -z "$v6" ] || sim_in "$name" ip addr add "$v6" dev vg0 nodad
}

# sim_guest_stop NAME: stop guest NAME's simulated guest (its namespace stays).
sim_guest_stop() {
	kill "${SIM_GUEST_PID[$1]}" && wait "${SIM_GUEST_PID[$1]}" 2>/dev/null
}

# sim_dataplane_start POLICY PORTS: start vmgate-dataplane in namespace
# "$SIM_NS-gw" and wait until PORTS ports are up; sets SIM_DP_PID.
sim_dataplane_start() {
	local policy=$1 ports=$2
	sim_netns gw || return 1
	ip netns exec "$SIM_NS-gw" "$SIM_BUILD/dataplane/vmgate-dataplane" -c "$policy" \
		> "$SIM_TMP/dataplane.log" 2>&1 &
	SIM_DP_PID=$!
	SIM_PIDS+=($SIM_DP_PID)
	sim_wait_for "[ \"\$('$SIM_BUILD/tools/vmgatectl/vmgatectl' -c '$policy' --json status \
		2>/dev/null | jq .ports_up)\" = $ports ]" ||
		{ echo "the dataplane did not bring $ports ports up:"; cat "$SIM_TMP/dataplane.log"; return 1; }
}

# Safe under "set -e": a killed process's status must not cut cleanup short.
sim_cleanup() {
	local p n
	for p in "${SIM_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${SIM_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
	for n in $(ip netns list | awk '{print $1}' | grep "^$SIM_NS-" || true); do
		ip netns del "$n" || true
	done
}
