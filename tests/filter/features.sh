#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The filter's features as a user sees them, end to end: the real dataplane
# in its own namespace, three simulated guests, real TCP and UDP between
# them. Connection tracking (replies pass, unsolicited answers do not,
# sessions outlive a reload, a session whose rule went away is cut), an eBPF
# program dropping a pattern (attached to a rule, the policy or a guest; a
# malformed one refused), payload
# signatures (literal and regex; a match kills a TCP session and raises an
# event), and a rate limit (the guest gets its rate, within 10 %).
#   features.sh BUILD_DIR SOURCE_DIR
set -u
build=$(realpath "$1") src=$(realpath "$2")
ctl=$build/tools/vmgatectl/vmgatectl
flow=$src/tests/filter/udp_flow.py
send_frames=$src/tests/dataplane/send_frames.py
bpf_obj=$build/filter/bpf/drop_payload_pattern.o

skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces and TAP devices)"
[ -c /dev/net/tun ] || skip "no /dev/net/tun"
for t in ip jq nc python3; do
	command -v "$t" >/dev/null || skip "missing $t (tools/setup.sh installs it)"
done
[ -f "$bpf_obj" ] || skip "no eBPF example object (clang was missing at build time)"

tmp=$(mktemp -d)
run=$tmp/run
policy=$tmp/policy.conf
SIM_BUILD=$build SIM_NS=vgft$$ SIM_TMP=$tmp
. "$src/tools/simulated_guests.sh"
. "$src/tests/checks.sh"
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	sim_cleanup
	rm -rf "$tmp"
}
trap cleanup EXIT

in_ns() { sim_in "$@"; }
ctl() { "$ctl" -c "$policy" "$@"; }
drops() { ctl --json ports | jq ".[] | select(.name == \"$1\") | .drops.$2"; }
b_ip=10.77.0.11

# $1: extra rules after the fixed ones; $2: the program's object.
write_policy() {
	cat > "$policy" <<CONF
gateway = { name = "ftest$$"; runtime_dir = "$run"; control_mac = "02:00:00:77:00:01";
            control_ipv4 = "10.77.0.1/24"; memory_mb = 256; hugepages = "off"; };
guests = (
  { name = "a"; mac = "52:54:00:77:00:0a"; ipv4 = "10.77.0.10/24"; },
  { name = "b"; mac = "52:54:00:77:00:0b"; ipv4 = "$b_ip/24"; },
  { name = "c"; mac = "52:54:00:77:00:0c"; ipv4 = "10.77.0.12/24";
    rate_limit = { pps = 200; }; }
);
policy = { default = "deny"; rules = (
  { name = "db"; from = "a"; to = "b"; proto = "tcp"; ports = 5432; action = "allow";
    stateful = true; },
  { name = "filtered"; from = "a"; to = "b"; proto = "udp"; ports = 9000; action = "allow";
    programs = ["drop-pattern"]; },
  { name = "inspected"; from = "a"; to = "b"; proto = "udp"; ports = 9001; action = "allow";
    inspect = ["evil", "attack"]; },
  { name = "inspected-tcp"; from = "a"; to = "b"; proto = "tcp"; ports = 9002;
    action = "allow"; stateful = true; inspect = ["evil"]; },
  { name = "c-to-b"; from = "c"; to = "b"; proto = "udp"; ports = 9003; action = "allow"; }$1
); };
programs = ( { name = "drop-pattern"; object = "${2:-$bpf_obj}"; } );
signatures = (
  { name = "evil"; pattern = "EVIL-PAYLOAD"; },
  { name = "attack"; regex = "x-attack-[0-9]+"; caseless = true; }
);
attestation = { required = false; };
CONF
}

# A TCP connection a -> b:PORT held open: "one" now, "two" once the file
# TRIGGER exists; b's side writes what arrives to OUT. Sets held_pids.
hold_open() {
	local port=$1 trigger=$2 out=$3
	in_ns b timeout 20 nc -l "$port" > "$out" &
	pids+=($!)
	held_pids=($!)
	sleep 0.3
	in_ns a timeout 20 python3 "$flow" hold "$b_ip" "$port" "$trigger" &
	pids+=($!)
	held_pids+=($!)
	sim_wait_for "grep -q one '$out'"
}
wait_held() { for p in "${held_pids[@]}"; do wait "$p" 2>/dev/null; done; }

# udp_counts FROM PORT COUNT RATE PAYLOAD...: b counts what a (or FROM)
# sends it on PORT, one batch of COUNT at RATE per payload; prints the
# receiver's JSON.
udp_counts() {
	local from=$1 port=$2 count=$3 rate=$4 out p
	out=$tmp/recv-$port.json
	shift 4
	in_ns b python3 "$flow" recv "$port" 4 > "$out" &
	p=$!
	sleep 0.3
	for payload in "$@"; do
		in_ns "$from" python3 "$flow" send "$b_ip" "$port" "$count" "$rate" "$payload" \
			> "$tmp/sent-$port"
	done
	wait "$p"
	cat "$out"
}

mkdir -p "$run"
write_policy ""
for g in a:0a b:0b c:0c; do
	name=${g%:*} n=${g#*:}
	sim_guest_start "$name" "$run/vhost-$name.sock" "52:54:00:77:00:$n" \
		"10.77.0.$((16#$n))/24" || exit 1
done
sim_dataplane_start "$policy" 4 || exit 1

# Connection tracking.
tcp_file() {
	head -c 200000 /dev/urandom > "$tmp/send"
	in_ns b timeout 10 nc -l 5432 > "$tmp/recv" &
	local server=$!
	sleep 0.3
	in_ns a timeout 10 nc -N -w 3 "$b_ip" 5432 < "$tmp/send"
	wait "$server"
	cmp -s "$tmp/send" "$tmp/recv"
}
check "an allowed TCP connection's replies pass: 200 kB arrive intact" tcp_file
before=$(drops b default_deny)
in_ns b python3 "$send_frames" vg0 52:54:00:77:00:0b 52:54:00:77:00:0a "$b_ip" \
	10.77.0.10 syn_ack ack
sleep 0.3
check "an unsolicited SYN-ACK and ACK from the server side are dropped" \
	[ "$(drops b default_deny)" -ge $((before + 2)) ]

hold_open 5432 "$tmp/go" "$tmp/held"
write_policy ",
  { name = \"added\"; from = \"a\"; to = \"b\"; proto = \"tcp\"; ports = 8080;
    action = \"allow\"; stateful = true; }"
check "a policy reload under an open connection is accepted" ctl reload
touch "$tmp/go"
wait_held
check "the connection opened before the reload carries data after it" \
	grep -q two "$tmp/held"

hold_open 5432 "$tmp/go2" "$tmp/cut"
write_policy ""
sed -i 's/ports = 5432; action = "allow"/ports = 5433; action = "allow"/' "$policy"
before=$(drops a ct_policy)
check "a reload that removes the connection's rule is accepted" ctl reload
touch "$tmp/go2"
wait_held
check "the session whose rule went away is cut: its data stops" fails grep -q two "$tmp/cut"
check "and the cut frames count as ct_policy" [ "$(drops a ct_policy)" -gt "$before" ]
write_policy ""
ctl reload > /dev/null

# eBPF: drop_payload_pattern drops UDP payloads that start with "DROP".
prog_drops() { ctl --json bpf | jq '.programs[] | select(.name == "drop-pattern") | .drops'; }
before=$(prog_drops)
got=$(udp_counts a 9000 20 200 "PASS clean" "DROP this")
check "the eBPF program passes the clean datagrams" [ "$(jq '.payloads.PASS' <<< "$got")" = 20 ]
check "and drops those with its pattern" [ "$(jq '.payloads.DROP // 0' <<< "$got")" = 0 ]
check "vmgatectl bpf counts its drops" [ "$(prog_drops)" = $((before + 20)) ]
printf 'not an ELF object' > "$tmp/broken.o"
cp "$policy" "$tmp/good.conf"
write_policy "" "$tmp/broken.o"
reload_refused_naming_program() {
	local out
	out=$(ctl reload 2>&1) && return 1
	printf '%s\n' "$out" | grep -q "program 'drop-pattern'"
}
check "a malformed program is refused on reload, naming the program" \
	reload_refused_naming_program
cp "$tmp/good.conf" "$policy"
check "and the running policy still drops with the good program" \
	[ "$(udp_counts a 9000 5 200 "DROP again" | jq '.payloads.DROP // 0')" = 0 ]

# The same program attached to the whole policy, then to guest c only.
payloads() { jq -c '[.payloads.PASS // 0, .payloads.DROP // 0]'; }
sed -i 's/^policy = { default = "deny";/policy = { default = "deny"; programs = "drop-pattern";/' \
	"$policy"
check "a reload attaching the program to the whole policy is accepted" ctl reload
check "vmgatectl bpf shows it attached to the policy" \
	[ "$(ctl --json bpf | jq '.programs[0].policy')" = true ]
check "it drops its pattern on a rule that names no program" \
	[ "$(udp_counts c 9003 10 100 "PASS clean" "DROP this" | payloads)" = "[10,0]" ]
write_policy ""
sed -i 's/rate_limit = { pps = 200; }; }/rate_limit = { pps = 200; }; programs = "drop-pattern"; }/' \
	"$policy"
check "a reload attaching it to guest c instead is accepted" ctl reload
check "vmgatectl bpf shows it attached to c" \
	[ "$(ctl --json bpf | jq -c '.programs[0].guests')" = '["c"]' ]
check "it drops what c sends" \
	[ "$(udp_counts c 9003 10 100 "PASS clean" "DROP this" | payloads)" = "[10,0]" ]
check "and not what a sends b on a rule without it" \
	[ "$(udp_counts a 9001 10 100 "PASS clean" "DROP this" | payloads)" = "[10,10]" ]
write_policy ""
ctl reload > /dev/null

# Payload signatures.
events_of() { ctl --json events | jq "[.events[] | select(.signature == \"$1\")] | length"; }
e0=$(events_of evil) r0=$(events_of attack)
got=$(udp_counts a 9001 10 200 "clean payload" "bad EVIL-PAYLOAD" "worse X-ATTACK-42")
check "datagrams without a signature pass" [ "$(jq '.payloads.clean' <<< "$got")" = 10 ]
check "a literal signature drops its datagrams" [ "$(jq '.payloads.bad // 0' <<< "$got")" = 0 ]
check "a caseless regex signature drops its datagrams" \
	[ "$(jq '.payloads.worse // 0' <<< "$got")" = 0 ]
events_raised() { [ "$(events_of evil)" -ge $((e0 + 10)) ] && [ "$(events_of attack)" -ge $((r0 + 10)) ]; }
check "each match raises an event with the signature's name" events_raised

in_ns b timeout 20 nc -l 9002 > "$tmp/sig" &
server=$!
pids+=($server)
sleep 0.3
killed_session() {
	in_ns a timeout 10 python3 -c "
import socket, time
s = socket.create_connection(('$b_ip', 9002), timeout=5)
s.sendall(b'one\n'); time.sleep(0.3)
s.sendall(b'EVIL-PAYLOAD\n'); time.sleep(0.3)
s.sendall(b'two\n'); time.sleep(1)
s.close()" 2>/dev/null
	wait "$server" 2>/dev/null
	grep -q one "$tmp/sig" && ! grep -q EVIL "$tmp/sig" && ! grep -q two "$tmp/sig"
}
before=$(drops a signature)
check "a signature in a TCP segment kills its session: nothing after it arrives" \
	killed_session
check "and the dropped segments count as signature" [ "$(drops a signature)" -gt "$before" ]

# Rate limit: c may send 200 frames a second (a burst of 32); it sends 1,500
# at 500 a second. What b receives must be the limit's worth within 10 %.
got=$(udp_counts c 9003 1500 500 "flood")
secs=$(cat "$tmp/sent-9003")
policed_within_10_percent() {
	awk -v got="$(jq .total <<< "$got")" -v s="$secs" 'BEGIN {
		want = 32 + 200 * s
		printf "  received %d in %.2f s, the limit allows %.0f\n", got, s, want
		exit !(got >= 0.9 * want && got <= 1.1 * want) }'
}
check "a guest over its rate gets its rate, within 10 %" policed_within_10_percent
check "the rest counts as rate_limit" [ "$(drops c rate_limit)" -gt 800 ]

checks_summary "filter features"
