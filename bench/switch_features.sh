# SPDX-License-Identifier: BSD-3-Clause
# Sourced by bench/forwarding.sh: the switches with a filter feature on the
# rule that allows the traffic (bench/policy_gen.sh, $bench_feature), run
# as switches of their own so that each costs what it adds:
#
#   vmgate_ct   vmgate, the allow rule stateful (connection tracking)
#   vmgate_bpf  vmgate, the eBPF example allow_all on the allow rule
#   vmgate_sig  vmgate, a payload signature inspected on the allow rule
#   vmgate_all  vmgate, all three on the allow rule
#   ovs_ct      OVS with ct(): OpenFlow rules in table 1 on the conntrack state

# switch_with_feature SWITCH BASE FEATURE: SWITCH's functions are BASE's,
# with $bench_feature set for its start.
switch_with_feature() {
	local sw=$1 base=$2 feature=$3 f
	eval "sw_${sw}_server=\$sw_${base}_server"
	eval "sw_${sw}_start() { bench_feature=$feature sw_${base}_start \"\$@\"; }"
	for f in ready mark cycles stop; do
		eval "sw_${sw}_${f}() { sw_${base}_${f} \"\$@\"; }"
	done
}

switch_with_feature vmgate_ct vmgate ct
switch_with_feature vmgate_bpf vmgate bpf
switch_with_feature vmgate_sig vmgate sig
switch_with_feature vmgate_all vmgate all
switch_with_feature ovs_ct ovs ct
sw_ovs_ct_forwarded() { sw_ovs_forwarded; }
