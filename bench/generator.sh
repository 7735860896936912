# SPDX-License-Identifier: BSD-3-Clause
# Sourced by bench/forwarding.sh: the traffic generator. One dpdk-testpmd on
# CPU 0 (both of its lcores) with two virtio-user ports, a (RUN/a.sock) and b
# (RUN/b.sock), in 5tswap forwarding with loop topology: every frame that
# arrives on a port has its MACs, IPs and UDP ports swapped and goes back out
# of the same port, so frames from a to b return as frames from b to a.
# Port a injects 16 bursts of 32 UDP frames (a -> b, port 9) once; nothing
# is injected afterwards: the loop keeps only the frames that no one
# dropped. All 512 carry a's addresses, so every switch carries all of them
# and the same traffic loops through each (half of it a -> b, half b -> a);
# gen_population counts the survivors at the end of a run.
#
#   gen_start SERVER FRAME HUGE   SERVER=1: the generator is the vhost-user
#                                 server (the switch connects to it; OVS)
#   gen_wait_links                both ports' links up (or fail)
#   gen_inject                    512 frames from port a
#   gen_measure SECONDS           prints "mpps_ab mpps_ba" over SECONDS
#   gen_totals                    prints "rx tx tx_dropped rx_nombuf" since start
#   gen_population                ends the loop, counts the frames it held
#   gen_stop

# The virtio-user rings hold 1,024 frames: with the default 256, the injected
# bursts overfill them and the loop keeps so few frames that rates go bimodal.
# --no-flush-rx: "start" must not discard the frames waiting in the rings.
gen_start() {
	local server=$1 frame=$2 huge=$3 opt="" mem
	[ "$server" = 1 ] && opt=",server=1"
	if [ "$huge" = 1 ]; then
		mem=(--in-memory --single-file-segments -m 256)
	else
		mem=(--no-huge -m 512 --no-shconf)
	fi
	tp_start gen "$tmp" "${mem[@]}" --no-pci --file-prefix "vgbgen$$" --lcores '0@0,1@0' \
		--vdev "net_virtio_user0,path=$run/a.sock,queues=1,queue_size=1024,mac=$mac_a$opt" \
		--vdev "net_virtio_user1,path=$run/b.sock,queues=1,queue_size=1024,mac=$mac_b$opt" \
		-- -i --no-flush-rx --total-num-mbufs=16384 --forward-mode=5tswap --port-topology=loop \
		--eth-peer="0,$mac_b" --eth-peer="1,$mac_a" --tx-ip="$ip_a,$ip_b" --tx-udp=9,9 \
		--txpkts="$frame"
}

gen_wait_links() {
	for _ in $(seq 100); do
		[ "$(tp_cmd gen "show port info all" | grep -c 'Link status: up')" = 2 ] && return 0
		sleep 0.1
	done
	echo "bench: generator links did not come up" >&2
	return 1
}

# Only port a transmits first (testpmd would send the same addresses from
# both ports, and b's would be spoofed); port b's RX ring holds the frames
# until both ports forward.
gen_inject() {
	tp_cmd gen "set portlist 0" > /dev/null
	tp_cmd gen "start tx_first 16" > /dev/null
	tp_cmd gen stop > /dev/null
	tp_cmd gen "set portlist 0,1" > /dev/null
	tp_cmd gen start > /dev/null
}

# RX-packets of port 1 (frames a -> b) and port 0 (b -> a), divided by the
# time between clearing and reading the counters.
gen_measure() {
	local t0 t1 out
	t0=$(date +%s.%N)
	tp_cmd gen "clear port stats all" > /dev/null
	sleep "$1"
	t1=$(date +%s.%N)
	out=$(tp_cmd gen "show port stats all")
	echo "$out" | grep -o 'RX-packets: *[0-9]*' | awk -v t="$t0" -v u="$t1" \
		'{ rx[NR - 1] = $2 } END { printf "%.3f %.3f\n", rx[1] / (u - t) / 1e6, rx[0] / (u - t) / 1e6 }'
}

# Totals since start, for the reload test: "rx tx tx_dropped rx_nombuf".
gen_totals() {
	local fwd port
	fwd=$(tp_cmd gen "show fwd stats all")
	port=$(tp_cmd gen "show port stats all")
	gen_totals_of "$fwd" "$port"
}
gen_totals_of() {
	local fwd
	fwd=$(echo "$1" | sed -n '/Accumulated/,$p')
	echo "$(echo "$fwd" | grep -o 'RX-packets: *[0-9]*' | awk '{ print $2 }')" \
	     "$(echo "$fwd" | grep -o 'TX-packets: *[0-9]*' | awk '{ print $2 }')" \
	     "$(echo "$fwd" | grep -o 'TX-dropped: *[0-9]*' | awk '{ print $2 }')" \
	     "$(echo "$2" | grep -o 'RX-nombuf: *[0-9]*' | awk '{ s += $2 } END { print s + 0 }')"
}

# Stop reflecting (gen_final: the totals at that moment, as gen_totals),
# give the switch half a second to deliver what it still holds, then count
# what sits in the generator's RX rings (gen_loop): rxonly receives and counts
# them, and sends nothing back. Sets globals: do not call it in $(...).
gen_population() {
	local fwd port
	fwd=$(tp_cmd gen stop)
	port=$(tp_cmd gen "show port stats all")
	gen_final=$(gen_totals_of "$fwd" "$port")
	sleep 0.5
	tp_cmd gen "set fwd rxonly" > /dev/null
	tp_cmd gen "clear port stats all" > /dev/null
	tp_cmd gen start > /dev/null
	sleep 0.5
	tp_cmd gen stop > /dev/null
	gen_loop=$(tp_cmd gen "show port stats all" | grep -o 'RX-packets: *[0-9]*' |
		awk '{ s += $2 } END { print s + 0 }')
}

gen_stop() { tp_stop gen; }
