# SPDX-License-Identifier: BSD-3-Clause
# bench/forwarding.sh's result document from its runs ($runs: one object per
# measurement), idle and reload results: medians per case, vmgate's ratios to
# testpmd and OVS, the machine and the command.

def median: map(select(. != null)) | sort
	| if length == 0 then null
	  elif length % 2 == 1 then .[(length - 1) / 2]
	  else (.[length / 2 - 1] + .[length / 2]) / 2 end;
def round3: if . == null then null else . * 1000 | round / 1000 end;
def ratio(a; b): if a == null or b == null or b == 0 then null else a / b * 100 | round / 100 end;

# testpmd's runs recording cycles are slower: they give its cycles only.
($runs | group_by([.memory, .frame, .switch, .rules])
	| map(map(select(.recording_cycles | not)) as $plain | map(select(.recording_cycles)) as $rec
	      | {memory: .[0].memory, frame: .[0].frame, rules: .[0].rules, switch: .[0].switch,
	       runs: ($plain | length), mpps_ab: ($plain | map(.mpps_ab) | median | round3),
	       mpps_ba: ($plain | map(.mpps_ba) | median | round3),
	       cycles_per_packet: (map(.cycles_per_packet) | median),
	       loop_frames: ($plain | map(.loop_frames) | median)}
	      + (if ($rec | length) > 0 then {cycles_run_mpps_ab: ($rec | map(.mpps_ab) | median)} else {} end))
	| sort_by([(.memory == "hugepages"), .frame, (.rules // 0),
		   (.switch as $sw | ["testpmd", "ovs", "ovs_ct", "vmgate", "vmgate_ct", "vmgate_bpf",
					  "vmgate_sig", "vmgate_all"] | index($sw))])) as $med
| {
	command: $cmd,
	machine: {cpu: $cpu, nproc: $nproc, memory: $mem, kernel: $kernel,
		  load_average_at_start: $load, dpdk: $dpdk, openvswitch_switch_dpdk: $ovs,
		  vmgate_revision: $rev},
	hugepages: $huge,
	repeats: $repeats, seconds: $seconds, elapsed_s: $elapsed,
	results: $med,
	# Each vmgate row against testpmd, against OVS with the same feature
	# (vmgate_ct: ovs_ct; none for features OVS has no counterpart of), and
	# a feature's row against plain vmgate in the same case (its cost).
	ratios: [$med[] | select(.switch | startswith("vmgate")) as $v
		| ($v.switch | ltrimstr("vmgate")) as $feature
		| ($med | map(select(.memory == $v.memory and .frame == $v.frame
			and .switch == "testpmd"))[0]) as $t
		| ($med | map(select(.memory == $v.memory and .frame == $v.frame
			and .switch == "ovs" + $feature and .rules == $v.rules))[0]) as $o
		| ($med | map(select(.memory == $v.memory and .frame == $v.frame
			and .switch == "vmgate" and .rules == $v.rules))[0]) as $p
		| {memory: $v.memory, frame: $v.frame, rules: $v.rules, switch: $v.switch,
		   vmgate_testpmd: {ab: ratio($v.mpps_ab; $t.mpps_ab), ba: ratio($v.mpps_ba; $t.mpps_ba)},
		   vmgate_ovs: {ab: ratio($v.mpps_ab; $o.mpps_ab), ba: ratio($v.mpps_ba; $o.mpps_ba)}}
		  + (if $feature == "" then {} else
		     {vmgate_plain: {ab: ratio($v.mpps_ab; $p.mpps_ab), ba: ratio($v.mpps_ba; $p.mpps_ba)},
		      extra_cycles_per_packet: (if $v.cycles_per_packet == null or $p.cycles_per_packet == null
			then null else $v.cycles_per_packet - $p.cycles_per_packet end)} end)],
	idle: ($idle[0] | if . == {} then null else . + {note: "CPU% of one core: utime+stime of the switch process, generator connected, no traffic"} end),
	reload: ($reload[0] | if . == {} then null else . end),
	cleanup: $cleanup,
	runs: $runs
}
