# SPDX-License-Identifier: BSD-3-Clause
# Sourced by bench/forwarding.sh: the CPU each switch takes without traffic.
# The switch runs with the reference policy and the generator connected (its
# links up) but not forwarding (testpmd's lcores do nothing until "start");
# after a second, utime + stime of the switch process (all its threads, from
# /proc/PID/stat) over idle_s seconds, as a percentage of one core.
#
#   idle_one SWITCH   sets idle_pct
#   idle_all FILE     writes {"seconds": S, "rules": N, "cpu_percent": {SWITCH: %, ...}}

# utime + stime in clock ticks: fields 14 and 15, counted after "(comm)".
proc_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

idle_one() {
	local sw=$1 server c0 c1 t0 t1
	server=$(eval echo "\$sw_${sw}_server")
	"sw_${sw}_start" "$ref_rules" 0
	gen_start "$server" 64 0
	"sw_${sw}_ready"
	gen_wait_links
	sleep 1
	c0=$(proc_ticks "$sw_pid") t0=$(date +%s.%N)
	sleep "$idle_s"
	c1=$(proc_ticks "$sw_pid") t1=$(date +%s.%N)
	gen_stop
	"sw_${sw}_stop"
	rm -f "$run"/*.sock
	idle_pct=$(awk -v c="$((c1 - c0))" -v hz="$(getconf CLK_TCK)" -v t0="$t0" -v t1="$t1" \
		'BEGIN { printf "%.1f", 100 * c / hz / (t1 - t0) }')
}

idle_all() {
	local sw doc='{}'
	# Not in a $(subshell): the processes it starts must stay known to
	# the cleanup trap.
	for sw in $switches; do
		idle_one "$sw"
		echo "  $sw idle: $idle_pct% of a core over $idle_s s" >&2
		doc=$(jq -c --arg sw "$sw" --argjson p "$idle_pct" '. + {($sw): $p}' <<< "$doc")
	done
	jq -n --argjson s "$idle_s" --argjson n "$ref_rules" --argjson c "$doc" \
		'{seconds: $s, rules: $n, cpu_percent: $c}' > "$1"
}
