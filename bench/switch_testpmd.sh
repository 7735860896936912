# SPDX-License-Identifier: BSD-3-Clause
# Sourced by bench/forwarding.sh: dpdk-testpmd io-forward as the switch under
# test, the ceiling: no parsing, no policy, port a to b and b to a. It is the
# vhost-user server on RUN/a.sock and RUN/b.sock, polling on CPU 1.
# With testpmd_record=1 it counts the cycles of its bursts
# (--record-core-cycles): that reads the TSC on every poll and here often
# costs the loop a third to a half of its rate (5.6 -> 3.1-3.6 Mpps per
# direction, 64 B, no hugepages), so bench/forwarding.sh takes testpmd's
# Mpps from plain runs and its cycles per packet from one extra recording
# run. (vmgate and OVS read the TSC on every poll too, always.)
#
#   sw_testpmd_start RULES HUGE   (RULES is ignored: testpmd has no policy)
#   sw_testpmd_ready              nothing to wait for once the generator is up
#   sw_testpmd_mark               note busy cycles and packets so far
#   sw_testpmd_cycles             busy cycles per packet since the mark
#   sw_testpmd_stop

sw_testpmd_server=0
testpmd_record=0

sw_testpmd_start() {
	local huge=$2 mem record=()
	[ "$testpmd_record" = 1 ] && record=(--record-core-cycles)
	if [ "$huge" = 1 ]; then
		mem=(--in-memory --single-file-segments -m 512)
	else
		mem=(--no-huge -m 1024 --no-shconf)
	fi
	tp_start sw "$tmp" "${mem[@]}" --no-pci --file-prefix "vgbsw$$" --lcores '0@0,1@1' \
		--vdev "net_vhost0,iface=$run/a.sock,queues=1" \
		--vdev "net_vhost1,iface=$run/b.sock,queues=1" \
		-- -i --forward-mode=io --total-num-mbufs=32768 "${record[@]}"
	sw_pid=${tp_pid[sw]}
	tp_cmd sw start > /dev/null
}

sw_testpmd_ready() { :; }

# "CPU cycles/packet=X (total cycles=C / total io packets=P)": DPDK 22.11
# adds a burst's cycles to C only when it received packets (later releases
# call them busy cycles), so C is the busy time of the forwarding core.
testpmd_busy() {
	tp_cmd sw "show fwd stats all" |
		sed -n 's/.*(\(busy\|total\) cycles=\([0-9]*\) \/ total [a-z0-9]* packets=\([0-9]*\).*/\2 \3/p'
}

sw_testpmd_mark() { [ "$testpmd_record" = 0 ] || testpmd_mark=$(testpmd_busy); }

sw_testpmd_cycles() {
	[ "$testpmd_record" = 1 ] || { echo "-"; return; }
	echo "${testpmd_mark:-0 0} $(testpmd_busy)" |
		awk 'NF == 4 && $4 > $2 { printf "%.0f\n", ($3 - $1) / ($4 - $2); next } { print "-" }'
}

sw_testpmd_stop() { tp_stop sw; sw_pid=""; }
