# SPDX-License-Identifier: BSD-3-Clause
# Sourced by bench/attestation.sh: the whole attestation stack as
# tests/e2e/attestation.sh builds it. A root swtpm, vmgate-vtpmd with a
# vTPM for each of guests a and b (their launch measured into PCRs 8 and 9
# by vmgate-measure), the simulated guests, the dataplane and vmgate-authd
# in the gateway's namespace. The policy is as shipped but for the guests:
# attestation required, default TTL and re-attestation interval.
#
# Uses from the caller: build, tmp, run, state, root, policy, track_pid and
# tools/simulated_guests.sh. Sets: tcti[GUEST], reference (the gateway's
# PCR 23 for the agents), vtpmd_pid, authd_pid.

declare -A tcti
ctl() { "$build/tools/vmgatectl/vmgatectl" -c "$policy" "$@"; }
digest() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

stack_policy() {
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
attestation = { required = true; };
CONF
}

# The root of trust, the guests' vTPMs and their measured launch.
stack_vtpms() {
	local g
	tools/root_swtpm.sh start "$root"
	"$build/vtpm/vmgate-vtpmd" -c "$policy" 2> "$tmp/vtpmd.log" &
	vtpmd_pid=$!
	track_pid "$vtpmd_pid"
	sim_wait_for "ctl vtpm list >/dev/null 2>&1" || { cat "$tmp/vtpmd.log" >&2; return 1; }
	for g in a b; do
		ctl vtpm create "$g" > /dev/null || { cat "$tmp/vtpmd.log" >&2; return 1; }
		tcti[$g]=$(ctl --json vtpm show "$g" | jq -r .tcti)
		"$build/tools/measure/vmgate-measure" --tcti "${tcti[$g]}" --log "$tmp/$g.evlog" \
			--part kernel --text "kernel-$g" --part initrd --text "initrd-$g" >&2
	done
	reference=$(ctl --json vtpm list | jq -r .gateway_pcr23)
}

# The guests, the dataplane (3 ports: a, b, punt) and authd beside it.
stack_gateway() {
	sim_guest_start a "$run/vhost-a.sock" 52:54:00:0e:00:0a 10.88.0.10/24 >&2 || return 1
	sim_guest_start b "$run/vhost-b.sock" 52:54:00:0e:00:0b 10.88.0.11/24 >&2 || return 1
	sim_dataplane_start "$policy" 3 >&2 || return 1
	ip netns exec "$SIM_NS-gw" "$build/authd/vmgate-authd" -c "$policy" 2> "$tmp/authd.log" &
	authd_pid=$!
	track_pid "$authd_pid"
	sim_wait_for "[ -S '$run/authd.sock' ] && ctl --json sessions >/dev/null 2>&1" ||
		{ cat "$tmp/authd.log" >&2; return 1; }
}

stack_start() {
	stack_policy && stack_vtpms && stack_gateway
}
