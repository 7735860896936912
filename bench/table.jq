# SPDX-License-Identifier: BSD-3-Clause
# The text report of bench/forwarding.sh from its result document.

def pad(n): tostring | if length < n then " " * (n - length) + . else . end;
def rpad(n): tostring | if length < n then . + " " * (n - length) else . end;
def num: if . == null then "-" else tostring end;
def f3: if . == null then "-" else (. * 1000 | round) as $m
	| "\($m / 1000 | floor).\($m % 1000 | tostring | if length < 3 then "0" * (3 - length) + . else . end)" end;
def f2: if . == null then "-" else (. * 100 | round) as $m
	| "\($m / 100 | floor).\($m % 100 | tostring | if length < 2 then "0" + . else . end)" end;
def f1: if . == null then "-" else (. * 10 | round) as $m | "\($m / 10 | floor).\($m % 10)" end;
def pair(r): if r.ab == null then "-" else "\(r.ab | f2) / \(r.ba | f2)" end;

. as $d
| "machine: \(.machine.nproc) x \(.machine.cpu), \(.machine.memory), Linux \(.machine.kernel), DPDK \(.machine.dpdk), OVS \(.machine.openvswitch_switch_dpdk), vmgate \(.machine.vmgate_revision)",
  "memory:  \(.hugepages)",
  "command: \(.command)  (\(.elapsed_s) s)",
  "",
  "\("memory" | rpad(10))\("frame" | pad(5))\("rules" | pad(7))  \("switch" | rpad(11))\("a->b Mpps" | pad(10))\("b->a Mpps" | pad(11))\("cycles/pkt " | pad(12))\("loop" | pad(6))\("vmgate/testpmd" | pad(17))\("vmgate/OVS" | pad(15))"
    + (if any(.ratios[]; .vmgate_plain) then "\("feature/plain" | pad(16))" else "" end),
  (.results[] as $r
   | ($d.ratios | map(select(.memory == $r.memory and .frame == $r.frame and .rules == $r.rules
			      and .switch == $r.switch))[0]) as $q
   | "\($r.memory | rpad(10))\($r.frame | pad(5))\($r.rules | num | pad(7))  \($r.switch | rpad(11))\($r.mpps_ab | f3 | pad(10))\($r.mpps_ba | f3 | pad(11))\($r.cycles_per_packet | num | (if $r.cycles_run_mpps_ab then . + "*" else . + " " end) | pad(12))\($r.loop_frames | num | pad(6))"
     + (if $q then "\(pair($q.vmgate_testpmd) | pad(17))\(pair($q.vmgate_ovs) | pad(15))" else "" end)
     + (if $q.vmgate_plain then "\(pair($q.vmgate_plain) | pad(16))" else "" end)),
  "",
  "Mpps per direction (a->b, b->a): medians of \(.repeats) run(s) of \(.seconds) s; frame sizes in bytes.",
  "cycles/pkt: the switch core's busy cycles per packet (OVS: pmd-stats-show processing cycles;",
  "vmgate: cycles_per_frame; *testpmd: from one more run with --record-core-cycles, which often",
  "slows it: a->b \([.results[] | select(.cycles_run_mpps_ab) | "\(.cycles_run_mpps_ab | f3)"] | join(", ")) Mpps in that run).",
  "loop: frames still looping at the end of a run, of 512 injected. Ratios: a->b / b->a;",
  "vmgate/OVS: against OVS with the same feature (vmgate_ct: ovs_ct); feature/plain: against",
  "vmgate without the feature in the same case.",
  (if .idle then "", "idle, \(.idle.seconds) s without traffic (\(.idle.rules) rules), CPU of one core: "
     + ([.idle.cpu_percent | to_entries[] | "\(.key) \(.value | f1)%"] | join(", ")) else empty end),
  (if .reload then .reload as $l | "",
     "reload: \($l.reloads) vmgatectl reload (\($l.rules) rules) under traffic in \($l.seconds) s (\($l.ms_per_reload) ms each), \($l.failed) refused, \($l.vmgate_reloads_counted) counted by vmgate",
     "        lost packets across \($l.reloads) reloads: \($l.during_reloads.lost) (generator TX-dropped \($l.during_reloads.generator_tx_dropped), vmgate drops \($l.during_reloads.vmgate_drops)); same time without reloads: \($l.control_no_reloads.lost)",
     "        loop rate \($l.during_reloads.generator_rx_mpps) Mpps (both directions) during reloads, \($l.control_no_reloads.generator_rx_mpps) without",
     "        bookkeeping: \($l.bookkeeping.injected) injected = \($l.bookkeeping.survivors) still looping + \($l.bookkeeping.generator_tx_dropped + $l.bookkeeping.vmgate_drops) dropped since the start + \($l.bookkeeping.unaccounted) unaccounted"
   else empty end),
  "",
  "cleanup: \(.cleanup.processes_started) processes started, \(.cleanup.processes_left) left running, \(.cleanup.hugepage_files_left) hugepage files left"
