#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Forwarding benchmark: the same looping traffic through each switch in turn,
# in one run, on two cores: the generator (bench/generator.sh) on CPU 0, the
# switch under test on CPU 1. Switches: dpdk-testpmd io-forward (the ceiling,
# bench/switch_testpmd.sh), OVS-DPDK 3.1 with equivalent OpenFlow rules
# (bench/switch_ovs.sh) and vmgate-dataplane (bench/switch_vmgate.sh), both
# with the N-rule policy of bench/policy_gen.sh. Then the idle CPU of each
# switch (bench/idle.sh), and 100 policy reloads of vmgate under traffic
# (bench/reload.sh).
#
#   bench/forwarding.sh [--rules "10 1000 10000"] [--frames "64 1500"]
#                       [--repeats 3] [--seconds 4] [--switches "testpmd ovs vmgate"]
#                       [--no-hugepages] [--no-idle] [--no-reload]
#                       [--json FILE] [--plot FILE.png] [--quick] [--features]
#
# Each case runs without hugepages, and also with hugepages when enough 2 MB
# pages are free (tools/setup.sh --hugepages 1300). --quick: 1 repeat of 3 s,
# 1000 rules, 64-byte frames, idle over 3 s (for development). --features:
# what each filter feature costs (bench/switch_features.sh): OVS and vmgate
# plain and with conntrack, vmgate with eBPF, signatures and all three, at
# 1000 rules and 64-byte frames, without idle and reload. Prints a table
# of medians (Mpps per direction, switch cycles per packet, vmgate's ratio to
# each peer), the idle CPU and the reload losses; --json writes all of it and
# every run, --plot draws Mpps (a->b) against rule count.
set -euo pipefail
cd "$(dirname "$0")/.."

rules_list="10 1000 10000" frames="64 1500" repeats=3 seconds=4 settle=3
switches="testpmd ovs vmgate" idle_s=10 reloads=100
json="" plot="" use_huge=1 do_idle=1 do_reload=1
command_line=bench/forwarding.sh
for a in "$@"; do
	case "$a" in *" "*) command_line+=" \"$a\"" ;; *) command_line+=" $a" ;; esac
done
while [ $# -gt 0 ]; do
	case "$1" in
	--rules) rules_list=$2; shift 2 ;;
	--frames) frames=$2; shift 2 ;;
	--repeats) repeats=$2; shift 2 ;;
	--seconds) seconds=$2; shift 2 ;;
	--switches) switches=$2; shift 2 ;;
	--no-hugepages) use_huge=0; shift ;;
	--no-idle) do_idle=0; shift ;;
	--no-reload) do_reload=0; shift ;;
	--json) json=$2; shift 2 ;;
	--plot) plot=$2; shift 2 ;;
	--quick) repeats=1 seconds=3 rules_list=1000 frames=64 idle_s=3; shift ;;
	--features) rules_list=1000 frames=64 do_idle=0 do_reload=0
		switches="ovs ovs_ct vmgate vmgate_ct vmgate_bpf vmgate_sig vmgate_all"; shift ;;
	*) sed -n '3,25p' "$0"; exit 2 ;;
	esac
done
[ "$(id -u)" -eq 0 ] || { echo "forwarding: run as root (DPDK, vhost-user sockets)" >&2; exit 1; }
[ "$(nproc)" -ge 2 ] || { echo "forwarding: needs two cores" >&2; exit 1; }
[ -z "$json" ] || json=$(realpath -m "$json")
[ -z "$plot" ] || plot=$(realpath -m "$plot")
tools/setup.sh >/dev/null
tools/build.sh build >/dev/null

tmp=$(mktemp -d)
run=$tmp/run
mkdir -p "$run"
pids=()          # started and not yet stopped: the only ones cleanup may signal
n_started=0
sw_pid=""
mac_a=52:54:00:bb:00:0a mac_b=52:54:00:bb:00:0b
ip_a=198.18.0.1 ip_b=198.18.0.2

track_pid() { pids+=("$1"); n_started=$((n_started + 1)); }
# Once reaped, a PID may be reused by anyone: forget it.
untrack_pid() {
	local p keep=()
	for p in "${pids[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
	pids=("${keep[@]}")
}

# Stop one process we started: TERM now ("term") or after a grace period
# (it was asked to exit), KILL if it is still there 5 s later.
stop_pid() {
	local pid=$1 name=$2 how=${3:-grace}
	[ "$how" = term ] && { kill "$pid" 2>/dev/null || true; }
	for i in $(seq 70); do
		kill -0 "$pid" 2>/dev/null || break
		[ "$i" = 20 ] && { kill "$pid" 2>/dev/null || true; }
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "bench: $name ($pid) did not stop, killing it" >&2
		kill -9 "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
	untrack_pid "$pid"
}

source bench/testpmd_cli.sh
source bench/policy_gen.sh
source bench/generator.sh
source bench/switch_testpmd.sh
source bench/switch_ovs.sh
source bench/switch_vmgate.sh
source bench/switch_features.sh
source bench/idle.sh
source bench/reload.sh

cleanup() {
	set +e
	[ -n "${ovs_dir:-}" ] && [ -S "$ovs_dir/ovs-vswitchd.ctl" ] && ovs_appctl exit > /dev/null 2>&1
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	sleep 0.5
	for p in "${pids[@]}"; do
		kill -9 "$p" 2>/dev/null
		wait "$p" 2>/dev/null
		rmdir "/var/run/dpdk/vmgate-bench-$p" 2>/dev/null
	done
	# DPDK leaves its runtime dirs (empty: --no-shconf or --in-memory).
	rmdir /var/run/dpdk/vgb*"$$" 2>/dev/null
	[ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Hugepages: the generator's 256 MB plus the hungriest switch (OVS, 2 GB),
# 2 MB pages, hugetlbfs mounted.
huge_kb=$(awk '/^Hugepagesize:/ { print $2 }' /proc/meminfo)
huge_free=$(awk '/^HugePages_Free:/ { print $2 }' /proc/meminfo)
huge_need=$(((2048 + 256) * 1024 / 2048 + 32))
modes=0
if [ "$use_huge" = 0 ]; then
	huge_note="hugepages not used (--no-hugepages)"
elif [ "$huge_kb" != 2048 ] || [ "$huge_free" -lt "$huge_need" ] || ! grep -q ' hugetlbfs ' /proc/mounts; then
	huge_note="hugepages not available ($huge_free free ${huge_kb} kB pages, $huge_need 2 MB pages and a hugetlbfs mount needed): runs without hugepages only"
else
	huge_note="with and without hugepages ($huge_free free 2 MB pages)"
	modes="0 1"
fi
mem_name() { [ "$1" = 1 ] && echo hugepages || echo no-huge; }
echo "bench: $huge_note" >&2

# One measurement: start the switch, then the generator, inject, let the rate
# settle, count received frames for SECONDS; append one JSON line to runs.
measure() {
	local sw=$1 rules=$2 frame=$3 huge=$4 r=$5 server ab ba cpp fwd=null loop
	server=$(eval echo "\$sw_${sw}_server")
	"sw_${sw}_start" "$rules" "$huge"
	gen_start "$server" "$frame" "$huge"
	"sw_${sw}_ready"
	gen_wait_links
	gen_inject
	sleep "$settle"
	"sw_${sw}_mark"
	read -r ab ba < <(gen_measure "$seconds")
	cpp=$("sw_${sw}_cycles")
	[ "${sw%%_*}" = ovs ] && fwd=$(sw_ovs_forwarded)
	gen_population
	loop=$gen_loop
	gen_stop
	"sw_${sw}_stop"
	rm -f "$run"/*.sock
	echo "  $sw $(mem_name "$huge") ${frame} B ${rules} rules run $r: a->b $ab Mpps, b->a $ba Mpps, $cpp cycles/packet, $loop frames looping" >&2
	if [ "${sw%%_*}" = ovs ] && [ "$fwd" -eq 0 ]; then
		echo "bench: OVS's allow rules matched no packet: it did not forward" >&2
		exit 1
	fi
	jq -cn --arg sw "$sw" --arg mem "$(mem_name "$huge")" --argjson frame "$frame" \
		--arg rules "$rules" --argjson run "$r" --argjson ab "$ab" --argjson ba "$ba" \
		--arg cpp "$cpp" --argjson fwd "$fwd" --argjson loop "$loop" \
		--argjson rec "$([ "$sw" = testpmd ] && [ "$testpmd_record" = 1 ] && echo true || echo false)" \
		'{switch: $sw, memory: $mem, frame: $frame, rules: ($rules | tonumber? // null),
		  run: $run, mpps_ab: $ab, mpps_ba: $ba, cycles_per_packet: ($cpp | tonumber? // null),
		  loop_frames: $loop}
		 + (if $rec then {recording_cycles: true} else {} end)
		 + (if $fwd == null then {} else {allow_rule_packets: $fwd} end)' >> "$tmp/runs.jsonl"
}

hugepage_files() {
	awk '$3 == "hugetlbfs" { print $2 }' /proc/mounts | while read -r m; do find "$m" -type f; done | wc -l
}
huge_files_before=$(hugepage_files)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date +%s)
: > "$tmp/runs.jsonl"
for huge in $modes; do
	for frame in $frames; do
		for sw in $switches; do
			# testpmd has no policy: one case per frame size.
			list=$rules_list
			[ "$sw" = testpmd ] && list="-"
			for rules in $list; do
				for r in $(seq "$repeats"); do
					measure "$sw" "$rules" "$frame" "$huge" "$r"
				done
			done
			# testpmd's cycles per packet: one more run, recording them.
			if [ "$sw" = testpmd ]; then
				testpmd_record=1
				measure testpmd - "$frame" "$huge" $((repeats + 1))
				testpmd_record=0
			fi
		done
	done
done
# Idle and reload with the 1000-rule policy (or the first rule count given).
ref_rules=${rules_list%% *}
[[ " $rules_list " = *" 1000 "* ]] && ref_rules=1000
echo '{}' > "$tmp/idle.json"
echo '{}' > "$tmp/reload.json"
[ "$do_idle" = 0 ] || idle_all "$tmp/idle.json"
if [ "$do_reload" = 1 ] && [[ " $switches " = *" vmgate "* ]]; then
	reload_test "$tmp/reload.json"
fi
elapsed=$(($(date +%s) - started))

# Everything started is stopped (OVS's PMD would otherwise spin on), and no
# hugepage file is left behind.
left=${#pids[@]}
huge_files=$(hugepage_files)
[ "$left" = 0 ] || echo "bench: $left started processes still running" >&2
[ "$huge_files" -le "$huge_files_before" ] || echo "bench: hugepage files left behind" >&2

# Everything in one document; the table, the plot and --json come from it.
jq -n --slurpfile runs "$tmp/runs.jsonl" --slurpfile idle "$tmp/idle.json" \
	--slurpfile reload "$tmp/reload.json" --arg cmd "$command_line" \
	--arg cpu "$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')" \
	--argjson nproc "$(nproc)" --arg mem "$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)" \
	--arg kernel "$(uname -r)" --arg load "$load_start" \
	--arg dpdk "$(dpkg-query -W -f='${Version}' dpdk 2>/dev/null)" \
	--arg ovs "$(dpkg-query -W -f='${Version}' openvswitch-switch-dpdk 2>/dev/null)" \
	--arg rev "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo +changes)" \
	--arg huge "$huge_note" --argjson repeats "$repeats" --argjson seconds "$seconds" \
	--argjson elapsed "$elapsed" \
	--argjson cleanup "{\"processes_started\": $n_started, \"processes_left\": $left, \"hugepage_files_left\": $((huge_files - huge_files_before))}" \
	-f bench/summary.jq > "$tmp/result.json"

jq -r -f bench/table.jq "$tmp/result.json"
[ -z "$json" ] || cp "$tmp/result.json" "$json"
if [ -n "$plot" ]; then
	jq -r --argjson frame "${frames%% *}" -f bench/plot_data.jq "$tmp/result.json" > "$tmp/plot.dat"
	gnuplot -e "data='$tmp/plot.dat'; out='$plot'; frame=${frames%% *}; huge=$([ "$modes" = 0 ] && echo 0 || echo 1)" \
		bench/plot.gp
	echo "plot: $plot"
fi
