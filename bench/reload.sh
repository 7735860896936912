# SPDX-License-Identifier: BSD-3-Clause
# Sourced by bench/forwarding.sh: policy reloads under traffic. vmgate runs
# the reference policy (no hugepages, 64-byte frames); once the loop has
# settled, 100 "vmgatectl reload" alternate between two valid policies that
# both allow the flow (they differ in the port of the first deny rule).
#
# How lost frames are counted. The generator injects I = 16 x 32 frames
# once and then only reflects what it receives, so every frame lost anywhere
# is lost for good, and every loss is counted by someone:
#   - vmgate counts each frame it drops, by reason, on the guest port it
#     came from (tx_full included: a full generator RX ring);
#   - the generator counts frames it could not transmit (TX-dropped: vmgate's
#     RX ring full).
# Lost across the reloads = the growth of those two counters during the
# reload window. The same counters over a window of the same length without
# reloads are the control (a settled loop loses nothing). At the end the loop
# is drained and its survivors counted, which checks the bookkeeping:
#   I = survivors + all drops since the start + unaccounted (should be 0).
# vmgate's drops include the drain's leftovers; these are not in the reload
# window.
#
#   reload_test FILE   writes the JSON result to FILE

# Generator "rx tx tx_dropped rx_nombuf" and vmgate's drops on the guest ports.
reload_snapshot() {
	echo "$(gen_totals) $(vmgate_ctl --json ports |
		jq '[.[] | select(.kind == "vhost-user") | .drops_total] | add')"
}

# Per-reason drops of the guest ports, for the report.
vmgate_drops() {
	vmgate_ctl --json ports | jq -c '[.[] | select(.kind == "vhost-user") | .drops
		| to_entries[] | select(.value > 0)] | group_by(.key)
		| map({key: .[0].key, value: (map(.value) | add)}) | from_entries'
}

reload_test() {
	local out=$1 i fail=0 s0 s1 s2 s3 d0 d1 t0 t1 dur status survivors fwd
	sw_vmgate_start "$ref_rules" 0
	cp "$tmp/vmgate.conf" "$tmp/policy-0.conf"
	policy_vmgate "$tmp/policy-1.conf" "$ref_rules" "$run" 0 1
	gen_start 0 64 0
	sw_vmgate_ready
	gen_wait_links
	gen_inject
	sleep "$settle"

	s0=$(reload_snapshot) d0=$(vmgate_drops) t0=$(date +%s.%N)
	for i in $(seq "$reloads"); do
		cp "$tmp/policy-$((i % 2)).conf" "$tmp/vmgate.conf.new"
		mv -f "$tmp/vmgate.conf.new" "$tmp/vmgate.conf"
		vmgate_ctl reload > /dev/null 2>&1 || fail=$((fail + 1))
	done
	t1=$(date +%s.%N) s1=$(reload_snapshot) d1=$(vmgate_drops)
	dur=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
	status=$(vmgate_ctl --json status)
	# The control: as long again, no reloads.
	s2=$(reload_snapshot)
	sleep "$dur"
	s3=$(reload_snapshot)

	# Drain and count the survivors; the generator's totals as of the stop.
	gen_population
	survivors=$gen_loop fwd=$gen_final
	local vdrops_all
	vdrops_all=$(vmgate_ctl --json ports | jq '[.[] | select(.kind == "vhost-user") | .drops_total] | add')
	gen_stop
	sw_vmgate_stop
	rm -f "$run"/*.sock

	jq -n --argjson reloads "$reloads" --argjson fail "$fail" --argjson dur "$dur" \
		--argjson rules "$ref_rules" --argjson status "$status" \
		--arg s0 "$s0" --arg s1 "$s1" --arg s2 "$s2" --arg s3 "$s3" --arg fwd "$fwd" \
		--argjson d0 "$d0" --argjson d1 "$d1" --argjson survivors "$survivors" \
		--argjson vdrops "$vdrops_all" --argjson injected $((16 * 32)) '
		def nums: split(" ") | map(tonumber);
		def lost(a; b): (b | nums) as $b | (a | nums) as $a
			| {generator_tx_dropped: ($b[2] - $a[2]), vmgate_drops: ($b[4] - $a[4]),
			   lost: ($b[2] - $a[2] + $b[4] - $a[4]),
			   generator_rx_mpps: (($b[0] - $a[0]) / $dur / 1e6 * 1000 | round / 1000)};
		($fwd | nums) as $f
		| {reloads: $reloads, failed: $fail, rules: $rules, seconds: $dur,
		   ms_per_reload: ($dur * 1000 / $reloads * 10 | round / 10),
		   vmgate_reloads_counted: $status.reloads, vmgate_reload_failures: $status.reload_failures,
		   policy_generation: $status.policy_generation,
		   during_reloads: (lost($s0; $s1) + {vmgate_drops_by_reason:
			($d1 | with_entries(.value -= ($d0[.key] // 0)) | with_entries(select(.value > 0)))}),
		   control_no_reloads: lost($s2; $s3),
		   bookkeeping: {injected: $injected, survivors: $survivors,
			generator_tx_dropped: $f[2], vmgate_drops: $vdrops, generator_rx_nombuf: $f[3],
			unaccounted: ($injected - $survivors - $f[2] - $vdrops)}}' > "$out"
	echo "  reload: $(jq -r '"\(.reloads) reloads in \(.seconds) s, lost \(.during_reloads.lost) (control \(.control_no_reloads.lost)), unaccounted \(.bookkeeping.unaccounted)"' "$out")" >&2
}
