#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Forwarding benchmark: the same traffic through each switch in turn, in one
# run, on two cores: the generator (one dpdk-testpmd process with two
# virtio-user ports, looping frames back with 5tswap) on CPU 0, the switch
# under test on CPU 1. Switches: dpdk-testpmd io-forward between the same
# two vhost-user ports (the ceiling) and vmgate-dataplane with a policy of
# N rules whose last one allows the traffic (and a live grant for the pair).
#
#   bench/forwarding.sh [--rules N] [--frame BYTES] [--seconds S] [--repeats R]
#                       [--json FILE]
#
# Prints Mpps per direction for each switch (median of the repeats) and
# vmgate's ratio to testpmd.
set -euo pipefail
cd "$(dirname "$0")/.."

rules=1000 frame=64 seconds=5 repeats=3 json=""
while [ $# -gt 0 ]; do
	case "$1" in
	--rules) rules=$2; shift 2 ;;
	--frame) frame=$2; shift 2 ;;
	--seconds) seconds=$2; shift 2 ;;
	--repeats) repeats=$2; shift 2 ;;
	--json) json=$2; shift 2 ;;
	*) sed -n '3,16p' "$0"; exit 2 ;;
	esac
done
[ "$(id -u)" -eq 0 ] || { echo "forwarding: run as root (DPDK, vhost-user sockets)" >&2; exit 1; }
[ "$(nproc)" -ge 2 ] || { echo "forwarding: needs two cores" >&2; exit 1; }
tools/setup.sh >/dev/null
tools/build.sh build >/dev/null

tmp=$(mktemp -d)
run=$tmp/run
mkdir -p "$run"
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	[ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT

mac_a=52:54:00:bb:00:0a mac_b=52:54:00:bb:00:0b
ip_a=198.18.0.1 ip_b=198.18.0.2

write_policy() {
	{
		echo "gateway = { name = \"bench\"; runtime_dir = \"$run\"; control_ipv4 = \"198.18.0.254/24\";"
		echo "  cores = [1]; memory_mb = 1024; };"
		echo "guests = ("
		echo "  { name = \"a\"; mac = \"$mac_a\"; ipv4 = \"$ip_a/24\"; vhost_socket = \"a.sock\"; vhost_mode = \"server\"; },"
		echo "  { name = \"b\"; mac = \"$mac_b\"; ipv4 = \"$ip_b/24\"; vhost_socket = \"b.sock\"; vhost_mode = \"server\"; }"
		echo ");"
		echo "policy = { default = \"deny\"; rules = ("
		# Rules that never match the benchmark's UDP traffic, then the one
		# that allows it: first-match order is honoured on every frame.
		for i in $(seq 1 $((rules - 1))); do
			echo "  { from = \"a\"; to = \"b\"; proto = \"tcp\"; ports = $((1000 + i)); action = \"deny\"; },"
		done
		echo "  { name = \"bench\"; from = \"any\"; to = \"any\"; proto = \"udp\"; ports = 9; action = \"allow\"; }"
		echo "); };"
	} > "$tmp/bench.conf"
}

start_switch() {
	case "$1" in
	testpmd)
		dpdk-testpmd --no-huge -m 1024 --no-pci --no-shconf --file-prefix "vgbsw$$" \
			--lcores '0@0,1@1' \
			--vdev "net_vhost0,iface=$run/a.sock,queues=1" \
			--vdev "net_vhost1,iface=$run/b.sock,queues=1" \
			-- --forward-mode=io -a --stats-period 60 --total-num-mbufs=32768 \
			> "$tmp/switch.log" 2>&1 &
		;;
	vmgate)
		build/dataplane/vmgate-dataplane -c "$tmp/bench.conf" > "$tmp/switch.log" 2>&1 &
		;;
	esac
	switch_pid=$!
	pids+=($switch_pid)
	for _ in $(seq 100); do
		[ -S "$run/a.sock" ] && [ -S "$run/b.sock" ] && break
		sleep 0.1
	done
	if [ "$1" = vmgate ]; then
		for _ in $(seq 50); do
			build/tools/vmgatectl/vmgatectl -c "$tmp/bench.conf" grant a b >/dev/null 2>&1 && break
			sleep 0.1
		done
	fi
}

# One measurement: prints "rx_port0 rx_port1" in Mpps.
measure() {
	local fifo=$tmp/gen.in out=$tmp/gen.out
	rm -f "$fifo"
	mkfifo "$fifo"
	stdbuf -oL dpdk-testpmd --no-huge -m 512 --no-pci --no-shconf --file-prefix "vgbgen$$" \
		--lcores '0@0,1@0' \
		--vdev "net_virtio_user0,path=$run/a.sock,queues=1,mac=$mac_a" \
		--vdev "net_virtio_user1,path=$run/b.sock,queues=1,mac=$mac_b" \
		-- -i --total-num-mbufs=16384 --forward-mode=5tswap --port-topology=loop \
		--eth-peer="0,$mac_b" --eth-peer="1,$mac_a" --tx-ip="$ip_a,$ip_b" --tx-udp=9,9 \
		--txpkts="$frame" < "$fifo" > "$out" 2>&1 &
	local gen=$!
	pids+=($gen)
	exec 3> "$fifo"
	sleep 2
	echo "start tx_first 16" >&3
	sleep 3                 # rates settle after a few seconds
	echo "clear port stats all" >&3
	sleep "$seconds"
	echo "show port stats all" >&3
	sleep 1
	cp "$out" "$tmp/stats.out"
	echo "stop" >&3
	echo "quit" >&3
	exec 3>&-
	wait "$gen" || true
	# The two "RX-packets" of "show port stats all": port 0, then port 1.
	grep -o 'RX-packets: *[0-9]*' "$tmp/stats.out" | tail -n 2 | awk -v s="$seconds" \
		'{ printf "%.3f ", $2 / s / 1e6 } END { print "" }'
}

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

write_policy
declare -A result
for sw in testpmd vmgate; do
	ab="" ba="" cpp=""
	for r in $(seq "$repeats"); do
		start_switch "$sw"
		read -r rx0 rx1 < <(measure)
		ab="$ab $rx1" ba="$ba $rx0"
		if [ "$sw" = vmgate ]; then
			cpp="$cpp $(build/tools/vmgatectl/vmgatectl -c "$tmp/bench.conf" --json status | jq .cycles_per_frame)"
		fi
		kill "$switch_pid"
		wait "$switch_pid" 2>/dev/null || true
		rm -f "$run"/*.sock
		echo "  $sw run $r: a->b $rx1 Mpps, b->a $rx0 Mpps" >&2
	done
	result[$sw.ab]=$(echo "$ab" | median)
	result[$sw.ba]=$(echo "$ba" | median)
	result[$sw.cpp]=$(echo "${cpp:-0}" | median)
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
r_ab=$(ratio "${result[vmgate.ab]}" "${result[testpmd.ab]}")
r_ba=$(ratio "${result[vmgate.ba]}" "${result[testpmd.ba]}")
printf '\n%-9s %6s %6s %12s %12s %14s\n' switch rules frame "a->b Mpps" "b->a Mpps" "cycles/frame"
printf '%-9s %6s %6s %12s %12s %14s\n' testpmd - "$frame" "${result[testpmd.ab]}" "${result[testpmd.ba]}" -
printf '%-9s %6s %6s %12s %12s %14s\n' vmgate "$rules" "$frame" "${result[vmgate.ab]}" "${result[vmgate.ba]}" "${result[vmgate.cpp]}"
printf '\nvmgate / testpmd: %s (a->b), %s (b->a)\n' "$r_ab" "$r_ba"
if [ -n "$json" ]; then
	jq -n --arg rules "$rules" --arg frame "$frame" --arg repeats "$repeats" \
		--arg t_ab "${result[testpmd.ab]}" --arg t_ba "${result[testpmd.ba]}" \
		--arg v_ab "${result[vmgate.ab]}" --arg v_ba "${result[vmgate.ba]}" \
		--arg cpp "${result[vmgate.cpp]}" --arg r_ab "$r_ab" --arg r_ba "$r_ba" \
		'{rules: ($rules|tonumber), frame: ($frame|tonumber), repeats: ($repeats|tonumber),
		  testpmd: {mpps_ab: ($t_ab|tonumber), mpps_ba: ($t_ba|tonumber)},
		  vmgate: {mpps_ab: ($v_ab|tonumber), mpps_ba: ($v_ba|tonumber), cycles_per_frame: ($cpp|tonumber)},
		  ratio: {ab: ($r_ab|tonumber), ba: ($r_ba|tonumber)}}' > "$json"
fi
