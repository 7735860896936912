# SPDX-License-Identifier: BSD-3-Clause
# Sourced by bench/attestation.sh: agent start to grant on the stack of
# bench/attest_stack.sh. b's agent connects once and stays; a's agent,
# asking for b, is started REPEATS times, each time timed from its exec to
# its "pair b ok" line and then stopped by PID. Each of its lines is
# stamped as it arrives. Beside the times, the CPU each process of the
# stack spent in the same window, to show where the time goes.
#
# Uses from the caller: build, tmp, run, state, root, reference, tcti,
# vtpmd_pid, authd_pid, track_pid, stop_pid and tools/simulated_guests.sh.
# latency_run REPEATS OUT.jsonl appends one JSON line per run.

# Each line of stdin, prefixed with the time it arrived (seconds, to the µs).
stamp_lines() {
	local line
	while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done
}

# start_agent GUEST LOG [PEER]: the agent in the guest's namespace, its
# lines stamped into LOG. The shell in the namespace prints the time and
# its own CPU so far, then execs the agent in the same process: that
# "exec" line is the start. Sets agent_pid and reader_pid.
start_agent() {
	local g=$1 log=$2 fifo=$tmp/agent-$1.fifo peers=()
	[ -z "${3:-}" ] || peers=(--peer "$3")
	rm -f "$fifo"
	mkfifo "$fifo"
	stamp_lines < "$fifo" > "$log" &
	reader_pid=$!
	track_pid "$reader_pid"
	ip netns exec "$SIM_NS-$g" bash -c \
		'read -r cpu _ < /proc/$$/schedstat; echo "exec $EPOCHREALTIME $cpu"; exec "$@"' \
		agent "$build/authd/vmgate-agent" --name "$g" --tcti "${tcti[$g]}" \
		--connect 10.88.0.1:7447 --ca "$state/ca.der" \
		--ak-cert "$state/guests/$g/ak.der" --tls-cert "$state/guests/$g/tls.der" \
		--gateway gw --gateway-pcr23 "$reference" --event-log "$tmp/$g.evlog" \
		"${peers[@]}" > "$fifo" 2>> "$tmp/agent-$g.err" &
	agent_pid=$!
	track_pid "$agent_pid"
}

# wait_line LOG TEXT SECONDS: TEXT appears in LOG within SECONDS.
wait_line() {
	local until=$(( $(date +%s) + $3 ))
	while [ "$(date +%s)" -le "$until" ]; do
		grep -q "$2" "$1" && return 0
		sleep 0.02
	done
	return 1
}

# ms_to LOG TEXT: milliseconds from the exec line to the first line with TEXT.
ms_to() {
	awk -v t="$2" '$2 == "exec" { s = $3 } index($0, t) && !d { d = $1 }
		END { if (s && d) printf "%.1f", (d - s) * 1000; else print "null" }' "$1"
}

# CPU time of process PID, all its threads, in ns (schedstat: /proc/PID/stat
# counts in 10 ms ticks).
cpu_ns() {
	local t v s=0
	for t in /proc/"$1"/task/*/schedstat; do
		read -r v _ 2>/dev/null < "$t" && s=$((s + v))
	done
	echo "$s"
}

# The processes whose CPU is accounted, by name: PIDs in watch[].
declare -A watch
watch_stack() {
	watch[authd]=$authd_pid
	watch[vtpmd]=$vtpmd_pid
	watch[root_tpm]=$(cat "$root/root-tpm.pid")
	watch[vtpm_a]=$(pgrep -P "$vtpmd_pid" -f "path=$run/vtpm/a.sock," || true)
	watch[vtpm_b]=$(pgrep -P "$vtpmd_pid" -f "path=$run/vtpm/b.sock," || true)
	watch[agent_b]=$1
	watch[dataplane]=$SIM_DP_PID
	watch[guests]="${SIM_GUEST_PID[a]} ${SIM_GUEST_PID[b]}"
}
# cpu_snapshot ARRAY: ns of each watched process into the associative ARRAY.
cpu_snapshot() {
	local -n snap=$1
	local k p
	for k in "${!watch[@]}"; do
		snap[$k]=0
		for p in ${watch[$k]}; do snap[$k]=$((snap[$k] + $(cpu_ns "$p"))); done
	done
}

latency_run() {
	local repeats=$1 out=$2 i log k cpu0 b_agent
	local -A before after
	start_agent b "$tmp/b.log"
	b_agent=$agent_pid
	wait_line "$tmp/b.log" "attested ok" 15 || { cat "$tmp/b.log" "$tmp/authd.log" >&2; return 1; }
	watch_stack "$b_agent"
	for i in $(seq "$repeats"); do
		log=$tmp/a-$i.log
		cpu_snapshot before
		start_agent a "$log" b
		wait_line "$log" "pair b ok" 15 ||
			{ echo "attestation: run $i: no grant in 15 s" >&2; cat "$log" >&2; return 1; }
		after[agent_a]=$(cpu_ns "$agent_pid")
		cpu_snapshot after
		stop_pid "$agent_pid"
		stop_pid "$reader_pid" grace      # ends at the agent's EOF
		cpu0=$(awk '$2 == "exec" { print $4; exit }' "$log")
		before[agent_a]=${cpu0:-0}
		{
			printf '{"run": %d, "gateway_verified_ms": %s, "attested_ms": %s, "granted_ms": %s, "cpu_ms": {' \
				"$i" "$(ms_to "$log" "gateway verified")" "$(ms_to "$log" "attested ok")" \
				"$(ms_to "$log" "pair b ok")"
			for k in agent_a "${!watch[@]}"; do
				printf '"%s": %.1f, ' "$k" "$(( after[$k] - before[$k] ))e-6"
			done | sed 's/, $//'
			printf '}}\n'
		} | tee -a "$out" >&2
		# Let authd see a's session end before the next agent comes.
		sleep 0.5
	done
	kill -0 "$b_agent" || { echo "attestation: b's agent did not stay connected" >&2; return 1; }
}
