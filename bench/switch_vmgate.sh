# SPDX-License-Identifier: BSD-3-Clause
# Sourced by bench/forwarding.sh: vmgate-dataplane as the switch under test,
# with the N-rule policy of bench/policy_gen.sh (vhost-user server on
# RUN/a.sock and RUN/b.sock, its worker on CPU 1, idle = adaptive as shipped)
# and a live grant for the pair a, b. Cycles per frame come from its own
# busy-cycle accounting (vmgatectl --json status: cycles_per_frame, frames).
#
#   sw_vmgate_start RULES HUGE
#   sw_vmgate_ready    the grant is in place and both guest ports are up
#   sw_vmgate_mark     note busy cycles and frames so far
#   sw_vmgate_cycles   busy cycles per frame since the mark
#   sw_vmgate_stop

sw_vmgate_server=0
vmgate_dataplane=build/dataplane/vmgate-dataplane
vmgatectl=build/tools/vmgatectl/vmgatectl

vmgate_ctl() { "$vmgatectl" -c "$tmp/vmgate.conf" "$@"; }

sw_vmgate_start() {
	local rules=$1 huge=$2 extra=()
	policy_vmgate "$tmp/vmgate.conf" "$rules" "$run" "$huge"
	[ "$huge" = 1 ] && extra=(-- --single-file-segments)
	"$vmgate_dataplane" -c "$tmp/vmgate.conf" "${extra[@]}" > "$tmp/vmgate.log" 2>&1 &
	sw_pid=$!
	track_pid "$sw_pid"
	for _ in $(seq 300); do
		[ -S "$run/a.sock" ] && [ -S "$run/b.sock" ] && vmgate_ctl status > /dev/null 2>&1 && return 0
		kill -0 "$sw_pid" 2>/dev/null || break
		sleep 0.1
	done
	echo "bench: vmgate-dataplane did not start; its log:" >&2
	tail -n 20 "$tmp/vmgate.log" >&2
	return 1
}

sw_vmgate_ready() {
	vmgate_ctl grant a b > /dev/null
	for _ in $(seq 100); do
		[ "$(vmgate_ctl --json guests | jq '[.[] | select(.link == "up")] | length')" = 2 ] && return 0
		sleep 0.1
	done
	echo "bench: vmgate's guest ports did not come up" >&2
	return 1
}

# "busy_cycles frames", busy cycles rebuilt from the integer cycles_per_frame
# (rounded down): over a window, off by at most total/window frames cycles
# per frame, a few.
vmgate_busy() { vmgate_ctl --json status | jq -r '"\(.cycles_per_frame * .frames) \(.frames)"'; }

sw_vmgate_mark() { vmgate_mark=$(vmgate_busy); }

sw_vmgate_cycles() {
	echo "${vmgate_mark:-0 0} $(vmgate_busy)" |
		awk 'NF == 4 && $4 > $2 { printf "%.0f\n", ($3 - $1) / ($4 - $2); next } { print "-" }'
}

sw_vmgate_stop() {
	[ -n "${sw_pid:-}" ] || return 0
	stop_pid "$sw_pid" vmgate-dataplane term
	# DPDK leaves its runtime dir behind (empty: --no-shconf or --in-memory).
	rmdir "/var/run/dpdk/vmgate-bench-$sw_pid" 2>/dev/null || true
	sw_pid=""
}
