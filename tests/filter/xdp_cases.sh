#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The XDP engine on the shared allow/deny table: a namespace for the
# gateway holding the host ends of three veth pairs, a namespace per guest
# holding the other end, vmgate-xdp attached in generic XDP mode. Each
# case's frame is sent from the source guest's namespace; it must arrive
# in the destination's exactly when the table says pass, and otherwise be
# counted under the table's drop reason. Then real ping (ARP, neighbour
# discovery, sessions), reload and refusal.
#   xdp_cases.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
xdp=$build/filter/xdp/vmgate-xdp
cases=$src/tests/filter/cases.txt
frames=$src/tests/filter/case_frames.py

skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces, XDP)"
[ -x "$xdp" ] || skip "vmgate-xdp was not built (no clang)"
for t in ip nsenter python3 ping; do
	command -v "$t" >/dev/null || skip "missing $t (tools/setup.sh installs it)"
done

. "$src/tests/checks.sh"
tmp=$(mktemp -d)
ns=vgx$$
policy=$tmp/policy.conf
cp "$src/tests/filter/cases.conf" "$policy"
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	for g in alpha beta gamma; do ip netns del "$ns-$g" 2>/dev/null; done
	ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

gw() { ip netns exec "$ns" "$@"; }
in_guest() { local g=$1; shift; ip netns exec "$ns-$g" "$@"; }
ctl() { gw "$xdp" -c "$policy" "$@"; }
# pings FROM ADDRESS COUNT: every echo request of FROM is answered.
pings() { in_guest "$1" ping -q -c "$3" -i 0.2 -W 1 "$2" >/dev/null; }
counter() { ctl --stats | awk -v n="$1" '$1 == n { print $2 }'; }

ip netns add "$ns" || skip "cannot create network namespaces"
gw ip link set lo up
for g in alpha:0a beta:0b gamma:0c; do
	name=${g%:*} n=${g#*:}
	ip netns add "$ns-$name"
	ip link add "h-$name" netns "$ns" type veth peer name vg0 netns "$ns-$name"
	gw ip link set "h-$name" up
	in_guest "$name" ip link set vg0 address "52:54:00:00:00:$n"
	in_guest "$name" ip link set lo up
	in_guest "$name" ip link set vg0 up
done

# nsenter execs the command itself, so $! is its PID (ip netns exec forks).
nsenter --net="/run/netns/$ns" "$xdp" -c "$policy" --mode generic >/dev/null 2> "$tmp/xdp.log" &
xdp_pid=$!
pids+=("$xdp_pid")
for _ in $(seq 50); do
	grep -q "attached to 3" "$tmp/xdp.log" && break
	kill -0 "$xdp_pid" 2>/dev/null || break
	sleep 0.1
done
if ! grep -q "attached to 3" "$tmp/xdp.log"; then
	cat "$tmp/xdp.log"
	grep -qi "operation not permitted\|not supported" "$tmp/xdp.log" &&
		skip "this kernel does not let vmgate-xdp load or attach XDP programs"
	echo "not ok - vmgate-xdp attached"; exit 1
fi
check "vmgate-xdp attaches to every guest's interface" \
	gw ip link show h-beta | grep -q "prog/xdp"

# The guests' ends hold no addresses during the table, so their kernels
# answer nothing and only the table's frames cross.
for g in alpha beta gamma; do
	nsenter --net="/run/netns/$ns-$g" python3 "$frames" capture vg0 "$tmp/cap-$g" >/dev/null 2>&1 &
	pids+=("$!")
done
for g in alpha beta gamma; do
	for _ in $(seq 50); do [ -s "$tmp/cap-$g" ] && break; sleep 0.1; done
done

# One case: sent, then arrival (or the reason's counter) checked.
run_case() {
	local n=$1 from=$2 to=$3 want=$4 before after arrived=no
	local sender=${from%!*} reason=${want#drop:}
	[ "$want" = pass ] && reason=forwarded
	before=$(counter "$reason")
	in_guest "$sender" python3 "$frames" send "$cases" "$n" vg0
	sleep 0.2
	grep -qx "$n" "$tmp/cap-$to" && arrived=yes
	after=$(counter "$reason")
	if [ "$want" = pass ]; then
		[ "$arrived" = yes ] || { echo "  case $n: did not arrive"; return 1; }
	else
		[ "$arrived" = no ] || { echo "  case $n: arrived"; return 1; }
	fi
	[ "$after" -eq $((before + 1)) ] ||
		{ echo "  case $n: $reason $before -> $after"; return 1; }
}

while read -r kind a b c d rest; do
	case $kind in
	grant) ctl --grant "$a" "$b" >/dev/null ;;
	revoke) ctl --revoke "$a" >/dev/null ;;
	case) check "case $a: $b -> $c $d: $rest" run_case "$a" "$b" "$c" "$d" ;;
	esac
done < <(python3 "$frames" list "$cases")

# Real stacks: ARP and neighbour solicitations answered by the program,
# echo replies through the sessions the requests opened.
for g in alpha:10:a beta:11:b gamma:12:c; do
	IFS=: read -r name v4 v6 <<< "$g"
	in_guest "$name" ip addr add "10.0.0.$v4/24" dev vg0
	in_guest "$name" ip addr add "fd00::$v6/64" dev vg0 nodad
done
ctl --grant alpha beta >/dev/null
check "ping alpha -> beta works (ARP answered, reply through the session)" \
	pings alpha 10.0.0.11 2
check "ping6 alpha -> beta works (neighbour solicitation answered)" \
	pings alpha fd00::b 2
check "ARP answers were counted" [ "$(counter answered)" -ge 2 ]
check "ping beta -> alpha is dropped: the rule is one way" \
	fails pings beta 10.0.0.10 1
check "ping alpha -> gamma without a grant is dropped" \
	fails pings alpha 10.0.0.12 1

check "SIGUSR1 prints the counters" kill -USR1 "$xdp_pid"
sleep 0.2
check "and they name the drop reasons" grep -q "^no_grant " "$tmp/xdp.log"

# Reload: a rule that lets beta ping alpha.
sed -i 's|^  { name = "ping-gamma";|  { name = "ping-alpha"; from = "beta"; to = "alpha"; proto = "icmp"; icmp_types = 8;\n    action = "allow"; stateful = true; },\n&|' "$policy"
kill -HUP "$xdp_pid"
for _ in $(seq 50); do grep -q "policy reloaded" "$tmp/xdp.log" && break; sleep 0.1; done
check "SIGHUP reloads the policy" grep -q "policy reloaded" "$tmp/xdp.log"
check "the new rule is enforced without detaching" \
	pings beta 10.0.0.10 1
cp "$policy" "$tmp/good.conf"
echo 'policy = {' >> "$policy"
kill -HUP "$xdp_pid"
for _ in $(seq 50); do grep -q "reload refused" "$tmp/xdp.log" && break; sleep 0.1; done
check "an invalid policy is refused on SIGHUP, naming file and line" \
	grep -q "^$policy:[0-9]*: " "$tmp/xdp.log"
check "and the running policy stays" pings beta 10.0.0.10 1
cp "$tmp/good.conf" "$policy"
sed -i 's|name = "alpha"; mac|name = "alpha"; rate_limit = { pps = 10; }; mac|' "$policy"
kill -HUP "$xdp_pid"
for _ in $(seq 50); do [ "$(grep -c "reload refused" "$tmp/xdp.log")" -ge 2 ] && break; sleep 0.1; done
check "a policy the XDP engine cannot enforce is refused on SIGHUP" \
	grep -q "rate_limit is not enforced by the XDP engine" "$tmp/xdp.log"
check "and the running policy still stays" pings beta 10.0.0.10 1
cp "$tmp/good.conf" "$policy"

kill -TERM "$xdp_pid"
wait "$xdp_pid"
check "SIGTERM exits cleanly" [ $? -eq 0 ]
check "and detaches from every interface" \
	fails sh -c "ip -n $ns link show | grep -q prog/xdp"
check "--stats without a running vmgate-xdp fails" fails ctl --stats
check "saying why" sh -c "ip netns exec $ns $xdp -c $policy --stats 2>&1 |
	grep -q 'no XDP program attached'"

checks_summary "xdp engine"
