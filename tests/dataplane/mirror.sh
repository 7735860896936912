#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The mirror end to end: vmgate-dataplane in its own network namespace
# with three simulated guests; one rule marked mirror, another not, every
# drop mirrored too, to a pcapng file and a TAP interface. Real traffic,
# then the file read back with tshark (and its blocks checked by
# pcapng_blocks.py) and the TAP's frames with a raw socket.
#   mirror.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
ctl=$build/tools/vmgatectl/vmgatectl
here=$src/tests/dataplane

skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces and TAP devices)"
[ -c /dev/net/tun ] || skip "no /dev/net/tun"
for t in ip jq nc ping python3 tshark; do
	command -v "$t" >/dev/null || skip "missing $t (tools/setup.sh installs it)"
done

tmp=$(mktemp -d)
run=$tmp/run
policy=$tmp/policy.conf
pcap=$tmp/capture.pcapng
tap=vgmir$$
SIM_BUILD=$build SIM_NS=vgmir$$ SIM_TMP=$tmp
. "$src/tools/simulated_guests.sh"
. "$src/tests/checks.sh"
capture_pid=""
cleanup() {
	[ -z "$capture_pid" ] || { kill "$capture_pid" 2>/dev/null; wait "$capture_pid" 2>/dev/null; }
	sim_cleanup
	rm -rf "$tmp"
}
trap cleanup EXIT

in_ns() { sim_in "$@"; }
ctl() { "$ctl" -c "$policy" "$@"; }
mirror() { ctl --json stats | jq ".mirror.$1"; }
drops() { ctl --json stats | jq ".drops.$1.count"; }
# Frames in the capture that the display filter $1 selects.
frames() { tshark -r "$pcap" -Y "$1" 2>/dev/null | wc -l; }
# The values of field $2 over the frames filter $1 selects, sorted, unique.
field() { tshark -r "$pcap" -Y "$1" -T fields -e "$2" 2>/dev/null | sort -u | tr '\n' ' '; }

# write_policy TAP SNAPLEN
write_policy() {
	cat > "$policy" <<CONF
gateway = { name = "mir$$"; runtime_dir = "$run"; control_mac = "02:00:00:78:00:01";
            control_ipv4 = "10.78.0.1/24"; memory_mb = 256; hugepages = "off"; };
guests = (
  { name = "a"; mac = "52:54:00:78:00:0a"; ipv4 = "10.78.0.10/24"; },
  { name = "b"; mac = "52:54:00:78:00:0b"; ipv4 = "10.78.0.11/24"; },
  { name = "c"; mac = "52:54:00:78:00:0c"; ipv4 = "10.78.0.12/24"; }
);
policy = { default = "deny"; rules = (
  { name = "no-telnet"; from = "any"; to = "any"; proto = "tcp"; ports = 23; action = "deny"; },
  { name = "ping-ab"; from = "a"; to = "b"; proto = "icmp"; icmp_types = [8];
    action = "allow"; stateful = true; mirror = true; },
  { name = "db"; from = "a"; to = "b"; proto = "tcp"; ports = 5432;
    action = "allow"; stateful = true; }
); };
attestation = { required = false; };
mirror = { pcapng = "capture.pcapng"; tap = "$1"; drops = true; snaplen = $2; };
CONF
}

tcp_works() {
	head -c 50000 /dev/urandom > "$tmp/send"
	rm -f "$tmp/recv"
	in_ns b timeout 10 nc -l "$1" > "$tmp/recv" &
	local server=$!
	sleep 0.3
	in_ns a timeout 10 nc -N -w 3 10.78.0.11 "$1" < "$tmp/send"
	wait "$server"
	cmp -s "$tmp/send" "$tmp/recv"
}
tcp_blocked() {
	! in_ns a timeout 3 nc -N -w 2 10.78.0.11 "$1" < /dev/null
}
# ping FROM COUNT: 300-byte payloads, 342-byte frames (past snaplen 200).
ping_b() { in_ns a ping -c "$1" -s 300 -W 1 -i 0.2 10.78.0.11 >/dev/null; }
tap_lines() { grep -c "^ipv4 $1 $2 $3 $4 " "$tmp/tap.out"; }

mkdir -p "$run"
write_policy "$tap" 200
for g in a:0a b:0b c:0c; do
	name=${g%:*} n=${g#*:}
	sim_guest_start "$name" "$run/vhost-$name.sock" "52:54:00:78:00:$n" \
		"10.78.0.$((16#$n))/24" || exit 1
	# No IPv6 chatter (router and multicast listener messages): every
	# frame the guests send is one the test sends.
	in_ns "$name" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
done
sim_dataplane_start "$policy" 4 || exit 1
dp_pid=$SIM_DP_PID

tap_up() { ip netns exec "$SIM_NS-gw" ip link show "$tap" up | grep -q UP; }
check "the dataplane created the mirror's TAP interface, up" tap_up
ip netns exec "$SIM_NS-gw" python3 "$here/mirror_capture.py" "$tap" 120 > "$tmp/tap.out" &
capture_pid=$!
sim_wait_for "grep -q listening '$tmp/tap.out'" || echo "  the TAP capture did not start"

check "a ping the mirrored rule allows passes" ping_b 5
check "a TCP service of an unmarked rule carries a file intact" tcp_works 5432
check "a denied service gets nothing" tcp_blocked 23
ping_a_from_b() { in_ns b ping -c 1 -W 1 10.78.0.10 >/dev/null; }
check "b cannot ping a (no rule allows it)" fails ping_a_from_b
sleep 1
check "vmgatectl stats counts mirrored frames" [ "$(mirror mirrored)" -ge 10 ]
check "no copy was lost to a full ring" [ "$(mirror mirror_full)" = 0 ]
check "no write to a target failed" [ "$(mirror mirror_errors)" = 0 ]
stats_text() { ctl stats | grep -q "^mirror pcapng .*/capture.pcapng, tap $tap: mirrored"; }
check "vmgatectl stats shows the mirror in its text" stats_text

# The TAP: what an IDS there sees.
check "the TAP receives a's 5 echo requests to b" [ "$(tap_lines 10.78.0.10 10.78.0.11 1 8)" = 5 ]
check "the TAP receives b's 5 echo replies (the session's other direction)" \
	[ "$(tap_lines 10.78.0.11 10.78.0.10 1 0)" = 5 ]
check "the TAP frames are cut at the snap length" \
	[ "$(grep '^ipv4 10.78.0.10 10.78.0.11 1 8 ' "$tmp/tap.out" | awk '{print $6}' | sort -u)" = 200 ]
check "the TAP receives dropped frames (the denied SYNs)" \
	[ "$(tap_lines 10.78.0.10 10.78.0.11 6 -)" -ge 1 ]

# A reload keeps the mirror; one that changes a target is refused.
write_policy "${tap}x" 200
out=$(ctl reload 2>&1)
check "a reload that changes the mirror's TAP is refused" [ $? -ne 0 ]
says_why() { printf '%s\n' "$out" | grep -q "mirror's targets.*restart the dataplane"; }
check "and says why" says_why
write_policy "$tap" 100
check "a reload that changes the snap length is accepted" ctl reload >/dev/null
check "the new snap length applies" [ "$(mirror snaplen)" = 100 ]
check "the mirrored rule still mirrors after the reload" ping_b 2
sleep 1

mirrored=$(mirror mirrored)
dropped=$(ctl --json stats | jq .drops_total)
acl_deny=$(drops acl_deny)
default_deny=$(drops default_deny)
kill "$dp_pid"
wait "$dp_pid"
check "the dataplane stops cleanly on SIGTERM" [ $? -eq 0 ]

# The file, complete once the dataplane has stopped.
tshark_reads() { tshark -r "$pcap" -q >/dev/null 2>&1; }
check "tshark reads the capture without error" tshark_reads
blocks=$(python3 "$here/pcapng_blocks.py" "$pcap")
echo "  blocks: $blocks"
check "the file's blocks are well formed" python3 "$here/pcapng_blocks.py" "$pcap" >/dev/null
check "one interface block per dataplane port (3 guests and the punt port)" \
	[ "$(echo "$blocks" | awk '{print $4}')" = 4 ]
check "every mirrored copy is in the file" [ "$(echo "$blocks" | awk '{print $6}')" = "$mirrored" ]
req="icmp.type == 8 && ip.src == 10.78.0.10 && ip.dst == 10.78.0.11"
rep="icmp.type == 0 && ip.src == 10.78.0.11 && ip.dst == 10.78.0.10"
check "a's 7 echo requests to b are in the pcapng" [ "$(frames "$req")" = 7 ]
check "b's 7 echo replies, passed by the session, are in the pcapng" [ "$(frames "$rep")" = 7 ]
check "they carry the guests' MACs" \
	[ "$(field "$req" eth.src)$(field "$req" eth.dst)" = "52:54:00:78:00:0a 52:54:00:78:00:0b " ]
check "each is recorded on the port it came in on (a: 0, b: 1)" \
	[ "$(field "$req" frame.interface_id)$(field "$rep" frame.interface_id)" = "0 1 " ]
check "their original length is kept" [ "$(field "$req" frame.len)" = "342 " ]
check "the snap length cuts them, 200 before the reload and 100 after" \
	[ "$(field "$req" frame.cap_len)" = "100 200 " ]
check "frames of the unmarked rule (TCP 5432) are not mirrored" \
	[ "$(frames "tcp.port == 5432 && !frame.comment")" = 0 ]
check "the unmarked rule did pass frames" [ -s "$tmp/recv" ]
check "every dropped frame is in the pcapng, with a comment" \
	[ "$(echo "$blocks" | awk '{print $8}')" = "$dropped" ]
check "the denied SYNs carry their drop reason (acl_deny)" \
	[ "$(frames 'frame.comment == "dropped: acl_deny" && tcp.dstport == 23')" = "$acl_deny" ]
check "b's ping to a carries its drop reason (default_deny)" \
	[ "$(frames 'frame.comment == "dropped: default_deny" && icmp.type == 8')" = "$default_deny" ]
check "there were such drops" [ "$acl_deny" -ge 1 -a "$default_deny" -ge 1 ]

kill "$capture_pid" 2>/dev/null
wait "$capture_pid" 2>/dev/null
capture_pid=""
tap_exists() { ip netns exec "$SIM_NS-gw" ip link show "$tap" >/dev/null 2>&1; }
check "the TAP is gone with the dataplane" fails tap_exists

# A symbolic link where the file goes is refused: the dataplane runs as
# root and must not truncate what the link points to.
echo "keep me" > "$tmp/victim"
ln -sf "$tmp/victim" "$pcap"
timeout 60 ip netns exec "$SIM_NS-gw" "$build/dataplane/vmgate-dataplane" -c "$policy" \
	> "$tmp/refused.log" 2>&1
check "the dataplane refuses to start when the pcapng path is a symbolic link" [ $? -eq 1 ]
check "and says so" grep -q "mirror: cannot write pcapng file .*capture.pcapng: Too many levels of symbolic links" \
	"$tmp/refused.log"
check "the link's target is untouched" [ "$(cat "$tmp/victim")" = "keep me" ]

checks_summary mirror
