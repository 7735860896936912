#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The dataplane end to end: vmgate-dataplane in its own network namespace,
# three simulated guests (a network namespace each, joined to their
# vhost-user port by vmgate-simguest), real ping and nc between them, and
# the verdicts read back from vmgatectl's counters.
#   integration.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
ctl=$build/tools/vmgatectl/vmgatectl
send_frames=$src/tests/dataplane/send_frames.py

skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces and TAP devices)"
[ -c /dev/net/tun ] || skip "no /dev/net/tun"
for t in ip jq nc ping python3; do
	command -v "$t" >/dev/null || skip "missing $t (tools/setup.sh installs it)"
done

tmp=$(mktemp -d)
run=$tmp/run
policy=$tmp/policy.conf
SIM_BUILD=$build SIM_NS=vgdp$$ SIM_TMP=$tmp
. "$src/tools/simulated_guests.sh"
. "$src/tests/checks.sh"
trap 'sim_cleanup; rm -rf "$tmp"' EXIT

in_ns() { sim_in "$@"; }
ctl() { "$ctl" -c "$policy" "$@"; }
drops() { ctl --json ports | jq ".[] | select(.name == \"$1\") | .drops.$2"; }
hits() { ctl --json rules | jq ".rules[] | select(.name == \"$1\") | .hits"; }
wait_for() { sim_wait_for "$@"; }
# Runs cmd and checks that counter (a shell expression) rose by want.
rises_by() {
	local want=$1 counter=$2 before after
	shift 2
	before=$(eval "$counter")
	"$@" >/dev/null 2>&1
	sleep 0.3
	after=$(eval "$counter")
	[ $((after - before)) -ge "$want" ] ||
		{ echo "  $counter: $before -> $after, want +$want"; return 1; }
}
reload_fails_naming_line() {
	local out
	out=$(ctl reload 2>&1) && return 1
	printf '%s\n' "$out" | grep -q "^$policy:[0-9]*: "
}
reload_error_names_line() {
	"$ctl" -c "$tmp/good.conf" --json status | jq -r .last_reload_error |
		grep -q "^$policy:[0-9]*: "
}

write_policy() {
	cat > "$policy" <<CONF
gateway = { name = "itest$$"; runtime_dir = "$run"; control_mac = "02:00:00:77:00:01";
            control_ipv4 = "10.77.0.1/24"; memory_mb = 256; hugepages = "off"; };
guests = (
  { name = "a"; mac = "52:54:00:77:00:0a"; ipv4 = "10.77.0.10/24"; groups = ["web"]; },
  { name = "b"; mac = "52:54:00:77:00:0b"; ipv4 = "10.77.0.11/24"; groups = ["db"]; },
  { name = "c"; mac = "52:54:00:77:00:0c"; ipv4 = "10.77.0.12/24";
    rate_limit = { pps = 20; }; }
);
policy = { default = "deny"; rules = (
  { name = "no-telnet"; from = "any"; to = "any"; proto = "tcp"; ports = 23; action = "deny"; },
  { name = "web-to-db"; from = "@web"; to = "b"; proto = "tcp"; ports = (5432, 23);
    action = "allow"; stateful = true; },
  { name = "ping-db"; from = "a"; to = "b"; proto = "icmp"; icmp_types = [8];
    action = "allow"; stateful = true; },
  { name = "c-to-db"; from = "c"; to = "b"; proto = "tcp"; ports = 5432;
    action = "allow"; stateful = true; }$1
); };
attestation = { required = true; };
CONF
}

# TCP from guest $1 to 10.77.0.11:$2 carries a file intact.
tcp_works() {
	local from=$1 port=$2
	head -c 100000 /dev/urandom > "$tmp/send"
	rm -f "$tmp/recv"
	in_ns b timeout 10 nc -l "$port" > "$tmp/recv" &
	local server=$!
	sleep 0.3
	in_ns "$from" timeout 10 nc -N -w 3 10.77.0.11 "$port" < "$tmp/send"
	wait "$server"
	cmp -s "$tmp/send" "$tmp/recv"
}
tcp_blocked() {
	in_ns b timeout 4 nc -l "$2" > /dev/null &
	local server=$!
	sleep 0.2
	! in_ns "$1" timeout 3 nc -N -w 2 10.77.0.11 "$2" < /dev/null
	local blocked=$?
	kill "$server" 2>/dev/null
	wait "$server" 2>/dev/null
	return $blocked
}
ping_b() { in_ns "$1" ping -c "${2:-1}" -W 1 -i 0.2 10.77.0.11 >/dev/null; }

mkdir -p "$run"
write_policy ""
for g in a:0a b:0b c:0c; do
	name=${g%:*} n=${g#*:}
	sim_guest_start "$name" "$run/vhost-$name.sock" "52:54:00:77:00:$n" \
		"10.77.0.$((16#$n))/24" || exit 1
done
sim_dataplane_start "$policy" 4 || exit 1
dp_pid=$SIM_DP_PID

check "a pair without a grant is dropped" \
	rises_by 1 "drops a no_grant" fails ping_b a
ctl grant a b --ttl 120 >/dev/null
check "ping passes once a and b hold a grant" ping_b a 3
check "an allowed TCP service carries a file intact" tcp_works a 5432
check "a denied service gets nothing" tcp_blocked a 23
check "the first matching rule (a deny) counts the hit" \
	rises_by 1 "hits no-telnet" tcp_blocked a 23
check "a denied service counts as acl_deny" \
	rises_by 1 "drops a acl_deny" tcp_blocked a 23
check "a service no rule allows is dropped by default" \
	rises_by 1 "drops a default_deny" tcp_blocked a 8080
check "c may reach b by policy, but not without a grant" \
	rises_by 1 "drops c no_grant" tcp_blocked c 5432

# Rate limits: c may send 20 frames a second (a burst of 32), a none.
flood_b() { in_ns "$1" ping -q -c 100 -i 0.01 -W 1 10.77.0.11 >/dev/null; }
limit() { ctl --json ports | jq ".[] | select(.name == \"$1\") | .rate_limit.$2"; }
check "vmgatectl ports shows a guest's rate limit" [ "$(limit c pps)" = 20 ]
check "a guest over its packet rate has the excess dropped as rate_limit" \
	rises_by 30 "drops c rate_limit" flood_b c
a_policed=$(drops a rate_limit)
check "a guest without a limit sending as fast passes everything" flood_b a
check "and nothing of it counts as rate_limit" [ "$(drops a rate_limit)" = "$a_policed" ]
check "vmgatectl guests counts the rate_limit drops" \
	[ "$(ctl --json guests | jq '.[] | select(.name == "c") | .rate_limit_drops')" \
	  = "$(drops c rate_limit)" ]

in_ns a ip addr add 10.77.0.99/24 dev vg0
check "a spoofed source IP is dropped as spoofing" \
	rises_by 1 "drops a spoof_ip" fails in_ns a ping -c 1 -W 1 -I 10.77.0.99 10.77.0.11
in_ns a ip addr del 10.77.0.99/24 dev vg0
in_ns a ip link set vg0 address 52:54:00:77:00:99
check "a spoofed source MAC is dropped as spoofing" \
	rises_by 1 "drops a spoof_mac" fails ping_b a
in_ns a ip link set vg0 address 52:54:00:77:00:0a
in_ns a ip neigh replace 10.77.0.77 lladdr 52:54:00:77:00:0b dev vg0
check "traffic to an unknown destination is dropped" \
	rises_by 1 "drops a unknown_dst" fails in_ns a ping -c 1 -W 1 10.77.0.77

for kind in vlan ethertype bad_ipv4_header ipv4_options bad_ipv4_length truncated_l4 \
	    bad_l4_header fragment; do
	reason=$kind
	check "a malformed frame ($kind) is dropped with its reason" \
		rises_by 1 "drops a $reason" in_ns a python3 "$send_frames" vg0 \
		52:54:00:77:00:0a 52:54:00:77:00:0b 10.77.0.10 10.77.0.11 "$kind"
done
check "a frame with a bad IPv4 checksum is dropped" \
	rises_by 1 "drops a bad_ipv4_header" in_ns a python3 "$send_frames" vg0 \
	52:54:00:77:00:0a 52:54:00:77:00:0b 10.77.0.10 10.77.0.11 bad_checksum
check "the dataplane still forwards after malformed frames" ping_b a 2

# Connection tracking: stateful rules open sessions, only sessions let
# replies back.
ct() { ctl --json stats | jq ".conntrack.$1"; }
for kind in syn_ack ack echo_reply; do
	check "an unsolicited $kind from the server side is dropped" \
		rises_by 1 "drops b default_deny" in_ns b python3 "$send_frames" vg0 \
		52:54:00:77:00:0b 52:54:00:77:00:0a 10.77.0.11 10.77.0.10 "$kind"
done
check "b cannot ping a: the ping rule is one way" \
	rises_by 1 "drops b default_deny" fails in_ns b ping -c 1 -W 1 10.77.0.10
check "a's ping opens an ICMP session, and its replies pass" \
	rises_by 1 "ct created" ping_b a 1
check "a TCP connection opens a session, its replies pass, and it closes" \
	rises_by 1 "ct closed" tcp_works a 5432
check "vmgatectl stats counts the sessions by state" \
	[ "$(ct by_state.icmp)" -ge 1 ]
# a's ping session, opener first, as vmgatectl conntrack lists it.
ping_session() {
	ctl --json conntrack "$1" | jq -e '[.sessions[] | select(.proto == "icmp"
		and .from.guest == "a" and .from.addr == "10.77.0.10"
		and .to.guest == "b" and .state == "icmp" and .rule == "ping-db"
		and .packets >= 1 and .reply_packets >= 1)] | length >= 1' > /dev/null
}
check "vmgatectl conntrack lists a's ping session with its rule and replies" \
	ping_session a
check "and lists it for b, the guest that answers" ping_session b
check "vmgatectl conntrack c lists none of a's sessions" \
	[ "$(ctl --json conntrack c | jq '[.sessions[] | select(.from.guest == "a")] | length')" = 0 ]
check "vmgatectl conntrack prints a table" \
	sh -c "\"$ctl\" -c \"$policy\" conntrack a | grep -Eq '^icmp +a 10\.77\.0\.10 id [0-9]+ +b 10\.77\.0\.11'"
check "vmgatectl conntrack of an unknown guest fails" fails ctl conntrack nosuch

write_policy ",
  { name = \"web-alt\"; from = \"a\"; to = \"b\"; proto = \"tcp\"; ports = 8080;
    action = \"allow\"; stateful = true; }"
check "vmgatectl reload loads a new rule" ctl reload
check "traffic the new rule allows passes without a restart" tcp_works a 8080
check "the dataplane was not restarted" kill -0 "$dp_pid"
cp "$policy" "$tmp/good.conf"
printf 'policy = {\n  rules = (\n' >> "$policy"
check "vmgatectl reload of a broken file fails with FILE:LINE" reload_fails_naming_line
kill -HUP "$dp_pid"
check "the dataplane refuses a broken file on SIGHUP, naming file and line" \
	wait_for reload_error_names_line
check "traffic goes on under the old policy" ping_b a 2
cp "$tmp/good.conf" "$policy"

sim_guest_stop b
check "a guest that goes away takes its port down" \
	wait_for "[ \"\$(ctl --json ports | jq -r '.[] | select(.name == \"b\") | .link')\" = down ]"
sim_guest_start b "$run/vhost-b.sock" 52:54:00:77:00:0b 10.77.0.11/24
check "a guest that comes back is reconnected and reached" \
	wait_for "ping_b a"

kill "$dp_pid"
wait "$dp_pid"
check "the dataplane stops cleanly on SIGTERM" [ $? -eq 0 ]
sim_dataplane_start "$policy" 4 || exit 1
dp_pid=$SIM_DP_PID
ctl grant a b --ttl 120 >/dev/null
check "a restarted dataplane reconnects to the running guests" wait_for "ping_b a"

ctl revoke a >/dev/null
check "revoking a's grants stops its traffic at once" \
	rises_by 1 "drops a no_grant" fails ping_b a

before=$(awk '{print $14 + $15}' "/proc/$dp_pid/stat")
sleep 3
after=$(awk '{print $14 + $15}' "/proc/$dp_pid/stat")
ticks=$(getconf CLK_TCK)
check "an idle dataplane sleeps (under 5% of a core)" \
	[ $(( (after - before) * 100 / (3 * ticks) )) -lt 5 ]

checks_summary dataplane
