# SPDX-License-Identifier: BSD-3-Clause
# Sourced by bench/forwarding.sh: the same N-rule policy for vmgate and for
# OVS. N-1 rules that never match the benchmark's traffic (deny TCP from guest
# a to guest b, destination ports 1001, 1002, ...), then the rule that allows
# it (UDP port 9, both directions), then the default: drop. Both switches
# check every rule in order (or their caches do it for them).
#
#   policy_vmgate FILE N RUNTIME_DIR HUGE [VARIANT]
#       a vmgate policy; HUGE is 1 for hugepages = "on"; VARIANT 1 moves the
#       first deny rule to port 60001 (a valid, different policy that still
#       allows the flow: the reload test alternates between the two)
#   policy_openflow FILE N
#       OpenFlow rules for ovs-ofctl add-flows: port 1 is guest a, 2 is b;
#       source MAC and IP are matched, as vmgate's identity check does
#
# $bench_feature (unset: none) adds one filter feature to the allow rule:
#   ct    stateful: the rule allows a to b, b's frames pass as replies of
#         the session a's first frame opened (OpenFlow: ct() in zone 1,
#         commit on +new from a, +est both ways)
#   bpf   the eBPF example allow_all on the rule (vmgate only)
#   sig   a payload signature that never matches, inspected (vmgate only)
#   all   ct, bpf and sig together (vmgate only)
#
# Uses mac_a mac_b ip_a ip_b from bench/forwarding.sh.

policy_vmgate() {
	local file=$1 n=$2 run=$3 huge=$4 variant=${5:-0} i port
	{
		echo "gateway = { name = \"bench\"; runtime_dir = \"$run\"; control_ipv4 = \"198.18.0.254/24\";"
		echo "  cores = [1]; memory_mb = 1024; hugepages = \"$([ "$huge" = 1 ] && echo on || echo off)\"; };"
		echo "guests = ("
		echo "  { name = \"a\"; mac = \"$mac_a\"; ipv4 = \"$ip_a/24\"; vhost_socket = \"a.sock\"; vhost_mode = \"server\"; },"
		echo "  { name = \"b\"; mac = \"$mac_b\"; ipv4 = \"$ip_b/24\"; vhost_socket = \"b.sock\"; vhost_mode = \"server\"; }"
		echo ");"
		echo "policy = { default = \"deny\"; rules = ("
		for i in $(seq 1 $((n - 1))); do
			port=$((1000 + i))
			[ "$i" = 1 ] && [ "$variant" = 1 ] && port=60001
			echo "  { from = \"a\"; to = \"b\"; proto = \"tcp\"; ports = $port; action = \"deny\"; },"
		done
		allow_rule_vmgate
		echo "); };"
		case "${bench_feature:-}" in
		bpf|all) echo "programs = ( { name = \"pass\"; object = \"$PWD/build/filter/bpf/allow_all.o\"; } );" ;;
		esac
		case "${bench_feature:-}" in
		sig|all) echo "signatures = ( { name = \"never\"; pattern = \"vmgate-bench-never-matches\"; } );" ;;
		esac
	} > "$file"
}

# The rule that allows the benchmark's traffic, with $bench_feature.
allow_rule_vmgate() {
	local from=any to=any extra=""
	case "${bench_feature:-}" in
	ct) from=a to=b extra=" stateful = true;" ;;
	bpf) extra=" programs = [\"pass\"];" ;;
	sig) extra=" inspect = [\"never\"];" ;;
	all) from=a to=b extra=" stateful = true; programs = [\"pass\"]; inspect = [\"never\"];" ;;
	esac
	echo "  { name = \"bench\"; from = \"$from\"; to = \"$to\"; proto = \"udp\"; ports = 9; action = \"allow\";$extra }"
}

policy_openflow() {
	local file=$1 n=$2 i t
	local a2b="in_port=1,dl_src=$mac_a,dl_dst=$mac_b,nw_src=$ip_a,nw_dst=$ip_b"
	local b2a="in_port=2,dl_src=$mac_b,dl_dst=$mac_a,nw_src=$ip_b,nw_dst=$ip_a"
	{
		# Priorities N+10 ... 11 for the deny rules, 10 for the allow
		# rules, 0 for the default: first match by order, as in vmgate.
		if [ "${bench_feature:-}" = ct ]; then
			# Every IP frame through conntrack (zone 1), then the rules
			# in table 1 on its state.
			echo "table=0,priority=1,ip,actions=ct(table=1,zone=1)"
			echo "table=0,priority=0,actions=drop"
			t="table=1,"
		else
			t=""
		fi
		for i in $(seq 1 $((n - 1))); do
			echo "${t}priority=$((n + 10 - i)),tcp,$a2b,tp_dst=$((1000 + i)),actions=drop"
		done
		if [ "${bench_feature:-}" = ct ]; then
			echo "${t}priority=10,ct_state=+trk+new,udp,$a2b,tp_dst=9,actions=ct(commit,zone=1),output:2"
			echo "${t}priority=10,ct_state=+trk+est,udp,$a2b,tp_dst=9,actions=output:2"
			echo "${t}priority=10,ct_state=+trk+est,udp,$b2a,actions=output:1"
		else
			echo "priority=10,udp,$a2b,tp_dst=9,actions=output:2"
			echo "priority=10,udp,$b2a,tp_dst=9,actions=output:1"
		fi
		echo "${t}priority=0,actions=drop"
	} > "$file"
}
