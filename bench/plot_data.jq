# SPDX-License-Identifier: BSD-3-Clause
# Data for bench/plot.gp from bench/forwarding.sh's result document: one line
# per rule count: rules, then a->b Mpps of testpmd, OVS and vmgate without
# hugepages, then the same with hugepages (NaN where not measured), for
# frames of $frame bytes. testpmd has no rules: its value repeats.

.results as $r
| def v(mem; sw; n): ($r | map(select(.memory == mem and .frame == $frame and .switch == sw
		and (sw == "testpmd" or .rules == n)))[0].mpps_ab) // "NaN";
  ($r | map(select(.frame == $frame and .rules != null) | .rules) | unique)[] as $n
| [$n, v("no-huge"; "testpmd"; $n), v("no-huge"; "ovs"; $n), v("no-huge"; "vmgate"; $n),
   v("hugepages"; "testpmd"; $n), v("hugepages"; "ovs"; $n), v("hugepages"; "vmgate"; $n)]
| map(tostring) | join(" ")
