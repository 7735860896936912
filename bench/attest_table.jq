# SPDX-License-Identifier: BSD-3-Clause
# The latency part and the verdicts of bench/attestation.sh's report, from
# its result document (the cost part is attest-cost's own text).

def pad(n): tostring | if length < n then " " * (n - length) + . else . end;
def rpad(n): tostring | if length < n then . + " " * (n - length) else . end;
def f1: if . == null then "-" else (. * 10 | round) as $m | "\($m / 10 | floor).\($m % 10)" end;
def f2: (. * 100 | round) as $m
	| "\($m / 100 | floor).\($m % 100 | tostring | if length < 2 then "0" + . else . end)";
def met(b): if b then "met" else "MISSED" end;
# What each accounted process is, in the order shown.
def who: [["agent_a", "agent a (exec to grant)"], ["authd", "vmgate-authd"],
	  ["vtpmd", "vmgate-vtpmd"], ["root_tpm", "root swtpm"], ["vtpm_a", "a's vTPM (swtpm)"],
	  ["vtpm_b", "b's vTPM (swtpm)"], ["agent_b", "agent b"],
	  ["dataplane", "vmgate-dataplane (polls)"], ["guests", "simulated guests a, b"]];

.latency as $l
| "",
  "agent start to grant: \($l.runs | length) runs; agent a in guest a's namespace reaches authd through",
  "the dataplane, asks for b; b's agent stays connected and is challenged live for the pair.",
  "\("" | rpad(30))\("median ms" | pad(11))\("max ms" | pad(10))",
  (["gateway verified", $l.gateway_verified_ms], ["attested ok", $l.attested_ms],
   ["pair b ok (granted)", $l.granted_ms]
   | "  \(.[0] | rpad(28))\(.[1].median | f1 | pad(11))\(.[1].max | f1 | pad(10))"),
  "  every run, ms to the grant: \([$l.runs[].granted_ms | f1] | join(" "))",
  "CPU spent in each run's window (from the agent's exec until its grant was seen), median ms:",
  (who[] as [$k, $name] | "  \($name | rpad(28))\($l.cpu_ms_median[$k] | f1 | pad(11))"),
  "",
  "targets:",
  "  attestations/handshakes per verifier CPU-second >= 0.6: \(met(.targets.verifier_ratio_met)) (\(.cost.ratio_verifier | f2))",
  "  agent start to grant <= 20 ms with swtpm:              \(met(.targets.start_to_grant_met_median)) (median \($l.granted_ms.median | f1) ms, max \($l.granted_ms.max | f1) ms)",
  "",
  "cleanup: \(.cleanup.processes_started) processes started, \(.cleanup.processes_left) left running, \(.cleanup.netns_left) namespaces left"
