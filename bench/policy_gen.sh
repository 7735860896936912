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
		echo "  { name = \"bench\"; from = \"any\"; to = \"any\"; proto = \"udp\"; ports = 9; action = \"allow\"; }"
		echo "); };"
	} > "$file"
}

policy_openflow() {
	local file=$1 n=$2 i
	local a2b="in_port=1,dl_src=$mac_a,dl_dst=$mac_b,nw_src=$ip_a,nw_dst=$ip_b"
	local b2a="in_port=2,dl_src=$mac_b,dl_dst=$mac_a,nw_src=$ip_b,nw_dst=$ip_a"
	{
		# Priorities N+10 ... 11 for the deny rules, 10 for the allow
		# rules, 0 for the default: first match by order, as in vmgate.
		for i in $(seq 1 $((n - 1))); do
			echo "priority=$((n + 10 - i)),tcp,$a2b,tp_dst=$((1000 + i)),actions=drop"
		done
		echo "priority=10,udp,$a2b,tp_dst=9,actions=output:2"
		echo "priority=10,udp,$b2a,tp_dst=9,actions=output:1"
		echo "priority=0,actions=drop"
	} > "$file"
}
