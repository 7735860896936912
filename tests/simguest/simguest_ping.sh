#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Two simulated guests in their own network namespaces, joined by DPDK's
# vhost backend (testpmd io-forwarding between two net_vhost ports):
# ping and a TCP transfer cross it both ways, the guests survive a
# backend restart, and an idle guest sleeps instead of polling.
set -u
sg=$1
pass=0 fail=0

ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
skip() { echo "SKIP: $*"; exit 77; }

[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces, TAP)"
[ -c /dev/net/tun ] || skip "/dev/net/tun is missing"
for c in ip ping nc ss sha256sum dpdk-testpmd; do
	command -v "$c" >/dev/null 2>&1 || skip "$c not installed"
done

ns_a=vgsim-$$-a ns_b=vgsim-$$-b prefix=vgsim$$
dir=$(mktemp -d) || exit 1
pid_a= pid_b= pid_pmd= pid_nc=

stop() {
	[ -n "$1" ] || return 0
	kill -TERM "$1" 2>/dev/null
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

cleanup() {
	stop "$pid_nc"
	stop "$pid_pmd"
	stop "$pid_a"
	stop "$pid_b"
	exec 3>&-
	ip netns del "$ns_a" 2>/dev/null
	ip netns del "$ns_b" 2>/dev/null
	rm -rf "$dir" "/var/run/dpdk/$prefix"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ip netns add "$ns_a" && ip netns add "$ns_b" || skip "cannot create network namespaces"

# until TIMEOUT_TENTHS COMMAND...: retries COMMAND every 0.1 s.
until_ok() {
	n=$1
	shift
	while [ "$n" -gt 0 ]; do
		"$@" && return 0
		n=$((n - 1))
		sleep 0.1
	done
	return 1
}

# count_lines FILE PATTERN: how many lines of FILE match.
count_lines() { grep -c "$2" "$1" 2>/dev/null || true; }
has_lines() { [ "$(count_lines "$1" "$2")" -ge "$3" ]; }

start_guest() { # name ns mac
	"$sg" --socket "$dir/$1.sock" --tap vgs0 --netns "$2" --mac "$3" \
		</dev/null >"$dir/$1.out" 2>"$dir/$1.err" &
	last_pid=$!
}

start_backend() {
	dpdk-testpmd --no-huge -m 512 --no-pci --file-prefix "$prefix" \
		--vdev "net_vhost0,iface=$dir/a.sock,client=1,queues=1" \
		--vdev "net_vhost1,iface=$dir/b.sock,client=1,queues=1" \
		-- --forward-mode=io --auto-start --no-mlockall --total-num-mbufs=8192 \
		<&3 >>"$dir/testpmd.log" 2>&1 &
	pid_pmd=$!
}

# Both ping directions; the first echo after a (re)connect may be lost
# while testpmd starts forwarding, so wait for one before judging three.
ping_both() { # what
	for dst in "$ns_a 10.99.0.2" "$ns_b 10.99.0.1"; do
		set -- "$1" $dst
		until_ok 20 ip netns exec "$2" ping -c 1 -W 1 "$3" >/dev/null
		if out=$(ip netns exec "$2" ping -c 3 -i 0.2 -W 2 "$3" 2>&1) &&
		   printf '%s\n' "$out" | grep -q ' 3 received'; then
			ok "$1: ping $2 -> $3"
		else
			bad "$1: ping $2 -> $3: $out"
		fi
	done
}

cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

# Non-interactive testpmd exits when a read of stdin returns; a FIFO
# that we hold open for writing never returns anything.
mkfifo "$dir/pmd.in" && exec 3<>"$dir/pmd.in"

start_guest a "$ns_a" 02:00:00:99:00:01; pid_a=$last_pid
start_guest b "$ns_b" 02:00:00:99:00:02; pid_b=$last_pid
if until_ok 50 grep -qx ready "$dir/a.out" && until_ok 50 grep -qx ready "$dir/b.out"; then
	ok "both guests print ready"
else
	bad "no ready line: $(cat "$dir/a.err" "$dir/b.err")"
	exit 1
fi
ip netns exec "$ns_a" ip addr add 10.99.0.1/24 dev vgs0
ip netns exec "$ns_b" ip addr add 10.99.0.2/24 dev vgs0

start_backend
if until_ok 100 has_lines "$dir/a.err" 'backend connected' 1 &&
   until_ok 100 has_lines "$dir/b.err" 'backend connected' 1; then
	ok "both guests connect to the backend"
else
	bad "guests did not connect: $(cat "$dir/a.err" "$dir/b.err"; tail -20 "$dir/testpmd.log")"
	exit 1
fi
ping_both "first backend"

# 1 MB over TCP, b listening, a sending.
head -c 1000000 /dev/urandom >"$dir/blob"
ip netns exec "$ns_b" timeout 20 nc -l 10.99.0.2 5001 >"$dir/recv" &
pid_nc=$!
until_ok 50 sh -c "ip netns exec $ns_b ss -Hltn 'sport = :5001' | grep -q ." ||
	bad "nc listener did not start"
ip netns exec "$ns_a" timeout 20 nc -N 10.99.0.2 5001 <"$dir/blob" || bad "nc send failed"
wait "$pid_nc"
pid_nc=
want=$(sha256sum <"$dir/blob") got=$(sha256sum <"$dir/recv")
if [ "$want" = "$got" ]; then ok "1 MB TCP transfer arrives intact"
else bad "TCP transfer corrupted: $(wc -c <"$dir/recv") bytes arrived"; fi

# Idle, with testpmd busy-polling the other end: the guests must sleep.
hz=$(getconf CLK_TCK)
a0=$(cpu_ticks "$pid_a") b0=$(cpu_ticks "$pid_b")
sleep 3
a1=$(cpu_ticks "$pid_a") b1=$(cpu_ticks "$pid_b")
for g in "a $a0 $a1" "b $b0 $b1"; do
	set -- $g
	# < 2% of 3 s, in clock ticks.
	if [ $(( ($3 - $2) * 100 )) -lt $((2 * 3 * hz)) ]; then
		ok "idle guest $1 used $(($3 - $2)) ticks in 3 s"
	else
		bad "idle guest $1 used $(($3 - $2)) ticks in 3 s (limit $((6 * hz / 100)))"
	fi
done

# The backend crashes and comes back: the guests reconnect on their own.
kill -KILL "$pid_pmd"
wait "$pid_pmd" 2>/dev/null
pid_pmd=
if until_ok 50 has_lines "$dir/a.err" 'backend disconnected' 1 &&
   until_ok 50 has_lines "$dir/b.err" 'backend disconnected' 1; then
	ok "both guests notice the backend died"
else
	bad "no disconnect logged: $(cat "$dir/a.err" "$dir/b.err")"
fi
start_backend
if until_ok 100 has_lines "$dir/a.err" 'backend connected' 2 &&
   until_ok 100 has_lines "$dir/b.err" 'backend connected' 2; then
	ok "both guests reconnect to the restarted backend"
else
	bad "no reconnect: $(cat "$dir/a.err" "$dir/b.err"; tail -20 "$dir/testpmd.log")"
fi
ping_both "restarted backend"

# SIGTERM: exit 0, counters on stderr, socket gone.
for g in a b; do
	eval p=\$pid_$g
	kill -TERM "$p"
	until_ok 50 sh -c "! kill -0 $p 2>/dev/null"
	wait "$p"
	rc=$?
	eval pid_$g=
	if [ "$rc" -eq 0 ] && grep -q '^vmgate-simguest: rx [1-9][0-9]* tx [1-9]' "$dir/$g.err" &&
	   [ ! -e "$dir/$g.sock" ]; then
		ok "guest $g exits 0 on SIGTERM with counters and removes its socket"
	else
		bad "guest $g: exit $rc: $(cat "$dir/$g.err")"
	fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
