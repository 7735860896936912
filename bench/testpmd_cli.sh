# SPDX-License-Identifier: BSD-3-Clause
# Sourced by bench/forwarding.sh: an interactive dpdk-testpmd behind a FIFO,
# driven command by command. Used for the generator and for the testpmd switch.
#
#   tp_start NAME DIR ARGS...   start "dpdk-testpmd ARGS" (which must include -i);
#                               sets tp_pid[NAME]; its output goes to DIR/NAME.log
#   tp_cmd NAME COMMAND         run one command, print what it printed
#   tp_stop NAME                quit, wait, kill if it does not go

declare -A tp_pid tp_fd tp_log

# "testpmd> " is printed when a command has finished and the next is read.
tp_prompts() { grep -o 'testpmd> ' "${tp_log[$1]}" 2>/dev/null | wc -l; }

tp_start() {
	local name=$1 dir=$2 fd
	shift 2
	rm -f "$dir/$name.in"
	mkfifo "$dir/$name.in"
	tp_log[$name]=$dir/$name.log
	stdbuf -oL dpdk-testpmd "$@" < "$dir/$name.in" > "${tp_log[$name]}" 2>&1 &
	tp_pid[$name]=$!
	track_pid "${tp_pid[$name]}"
	exec {fd}> "$dir/$name.in"
	tp_fd[$name]=$fd
	# Ready when the first prompt appears (EAL and ports are up).
	for _ in $(seq 300); do
		[ "$(tp_prompts "$name")" -ge 1 ] && return 0
		kill -0 "${tp_pid[$name]}" 2>/dev/null || break
		sleep 0.1
	done
	echo "bench: testpmd '$name' did not start; its log:" >&2
	tail -n 20 "${tp_log[$name]}" >&2
	return 1
}

tp_cmd() {
	local name=$1 cmd=$2 n
	n=$(tp_prompts "$name")
	echo "$cmd" 1>&"${tp_fd[$name]}"
	for _ in $(seq 200); do
		[ "$(tp_prompts "$name")" -gt "$n" ] && break
		sleep 0.05
	done
	# The text between the n-th and the (n+1)-th prompt.
	awk -v n="$n" 'BEGIN { RS = "testpmd> " } NR == n + 1 { printf "%s", $0 }' "${tp_log[$name]}"
}

tp_stop() {
	local name=$1 pid=${tp_pid[$1]:-} fd=${tp_fd[$1]:-}
	[ -n "$pid" ] || return 0
	{ echo "stop"; echo "quit"; } 1>&"$fd" 2>/dev/null || true
	exec {fd}>&-
	stop_pid "$pid" "testpmd '$name'"
	unset "tp_pid[$name]" "tp_fd[$name]"
}
