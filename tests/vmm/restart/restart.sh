#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Restart on attestation failure. A root swtpm, vmgate-vtpmd and
# vmgate-vmmd with the launch stand-in (no QEMU); operators alice (admin)
# and bob (user) whose keys are plain files here (vmmd pins certificates,
# wherever their keys live). Proves, asking vmmd directly:
#   - authd's identity ("gw attestation", from vtpmd) restarts a guest: the
#     launcher's PID changes, the old one is gone, and the audit log has
#     the request and the outcome, both with the reason;
#   - that identity cannot destroy, create, stop or list (refused, audited);
#   - bob (user) and alice (admin) cannot use the restart request;
#   - another certificate of the platform CA (authd's TLS server one) is
#     nobody to vmmd;
#   - past vmm.restart_limit a guest is stopped and left stopped (audited).
# Then through vmgate-authd itself, in a network namespace of its own, with
# an agent on a guest's vTPM: a PCR extended with an unapproved value fails
# re-attestation; with vmmd down the restart request fails, is counted in
# "vmgatectl sessions" and not retried in a loop; with vmmd back, authd's
# next request restarts the guest (the stand-in's PID changes).
#   restart.sh BUILD_DIR SOURCE_DIR VMMD_REQUEST
set -u
build=$1 src=$2 tool=$3
ctl_bin=$build/tools/vmgatectl/vmgatectl
vtpmd=$build/vtpm/vmgate-vtpmd
vmmd=$build/vmm-glue/vmmd/vmgate-vmmd
authd=$build/authd/vmgate-authd
agent=$build/authd/vmgate-agent
measure=$build/tools/measure/vmgate-measure

skip() { echo "SKIP: $*"; exit 77; }
for t in swtpm swtpm_ioctl tpm2_shutdown openssl jq sha256sum; do
	command -v "$t" >/dev/null || skip "missing $t (tools/setup.sh installs it)"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vg-restart-XXXXXX") || exit 1
policy=$tmp/policy.conf root=$tmp/root state=$tmp/state run=$tmp/run
ns=vgrst$$
vtpmd_pid="" vmmd_pid="" authd_pid="" agent_pid="" netns=""
. "$src/tests/checks.sh"

stop_pid() {  # stop_pid PID: SIGTERM, wait up to 10 s, then SIGKILL; its exit status
	[ -n "$1" ] || return 0
	kill "$1" 2>/dev/null
	for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}
cleanup() {
	stop_pid "$agent_pid"
	stop_pid "$authd_pid"
	stop_pid "$vmmd_pid"
	stop_pid "$vtpmd_pid"
	# Launchers vmmd could not stop (it was killed): by their recorded PID.
	[ -f "$tmp/launch.log" ] && while read -r p _; do kill -9 "$p" 2>/dev/null; done < "$tmp/launch.log"
	[ -n "$netns" ] && ip netns del "$netns" 2>/dev/null
	"$src/tools/root_swtpm.sh" stop "$root"
	[ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT

# Operators: P-256 keys in files, certificates from a test CA.
mkdir -p "$tmp/bin" "$run"
openssl ecparam -name prime256v1 -genkey -noout -out "$tmp/ca.key" 2>/dev/null
openssl req -x509 -new -key "$tmp/ca.key" -subj "/CN=test operators CA" -days 30 \
	-out "$tmp/ca.pem" 2>/dev/null
for who in alice bob; do
	openssl ecparam -name prime256v1 -genkey -noout -out "$tmp/$who.key" 2>/dev/null &&
	openssl req -new -key "$tmp/$who.key" -subj "/CN=$who/O=operators" 2>/dev/null |
	openssl x509 -req -CA "$tmp/ca.pem" -CAkey "$tmp/ca.key" -days 30 \
		-out "$tmp/$who.pem" 2>/dev/null || { echo "cannot certify $who's key"; exit 1; }
done

cp "$src/tests/vmm/vmmd/launch_standin.sh" "$tmp/bin/launcher"
export VMMD_TEST_LAUNCH_LOG=$tmp/launch.log
digest() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
cat > "$policy" <<CONF
gateway = { name = "gw"; runtime_dir = "$run"; control_ipv4 = "10.89.0.1/24"; };
root_tpm = {
  tcti = "swtpm:path=$root/root-tpm.sock";
  state_dir = "$state";
  measure = ["$vmmd", "bin/launcher"];
};
guests = (
  { name = "alpha"; mac = "52:54:00:0f:00:0a"; ipv4 = "10.89.0.10/24"; },
  { name = "a"; mac = "52:54:00:0f:00:0b"; ipv4 = "10.89.0.11/24";
    measurements = { kernel = "$(digest kernel-a)"; initrd = "$(digest initrd-a)"; }; }
);
operators = (
  { name = "alice"; certificate = "alice.pem"; role = "admin"; },
  { name = "bob";   certificate = "bob.pem";   role = "user"; }
);
attestation = { grant_ttl = 10; reattest_interval = 5; on_failure = "restart"; };
vmm = { audit_log = "audit.log"; restart_limit = 2; restart_window = 600; };
CONF

ctl() { "$ctl_bin" -c "$policy" "$@"; }
quiet() { "$@" >/dev/null 2>&1; }
svc() { "$tool" -c "$policy" --service "$@"; }
op() {  # op OPERATOR ARGS...: a request with OPERATOR's certificate and key
	local who=$1
	shift
	"$tool" -c "$policy" --cert "$tmp/$who.pem" --key "$tmp/$who.key" \
		--ca "$state/ca.der" "$@"
}
gpid() { op bob status "$1" 2>/dev/null | jq -r '.pid // empty'; }
state() { op bob status "$1" 2>/dev/null | jq -r .state; }
# The last audit entry of ACTION as "actor action target result" (reading
# a guest's status is audited too: entries are found by action).
audit_last() {
	ctl --json audit | jq -r "[.entries[] | select(.action == \"$1\")][-1] |
		\"\(.actor) \(.action) \(.target) \(.result)\""
}
detail_last() { ctl --json audit | jq -r "[.entries[] | select(.action == \"$1\")][-1].detail"; }
# refused RC PATTERN TEXT: the request was refused (exit 1) and said PATTERN.
refused() { [ "$1" -eq 1 ] && grep -q "$2" <<< "$3"; }
running() { [ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat"; }
wait_gone() { for _ in $(seq 50); do running "$1" || return 0; sleep 0.1; done; return 1; }
# wait_for SECONDS CMD...: CMD succeeds within SECONDS.
wait_for() {
	local until=$(( $(date +%s) + $1 ))
	shift
	while [ "$(date +%s)" -le "$until" ]; do "$@" && return 0; sleep 0.3; done
	return 1
}
start_vmmd() {
	"$vmmd" -c "$policy" --launcher "$tmp/bin/launcher" 2>>"$tmp/vmmd.log" &
	vmmd_pid=$!
	wait_for 15 test -S "$run/vmmd.sock"
}

"$src/tools/root_swtpm.sh" start "$root" || exit 1
"$vtpmd" -c "$policy" 2>>"$tmp/vtpmd.log" &
vtpmd_pid=$!
check "vmmd starts and listens" start_vmmd
if ! [ -S "$run/vmmd.sock" ]; then
	tail -n 20 "$tmp/vtpmd.log" "$tmp/vmmd.log"
	exit 1
fi

# --- authd's identity asks vmmd directly ------------------------------------
check "alice starts alpha" quiet op alice start alpha
pid1=$(gpid alpha)
check "alpha runs (launcher pid ${pid1:-none})" running "${pid1:-0}"
out=$(svc --reason "attestation failed: replay: test" restart alpha 2>&1)
check "the attestation service restarts alpha" [ "$(jq -r .state <<< "$out")" = running ]
pid2=$(gpid alpha)
check "  a new launcher runs (pid ${pid2:-none})" \
	test -n "$pid2" -a "${pid2:-0}" != "${pid1:-0}"
check "  the old launcher is gone" wait_gone "${pid1:-0}"
check "  relaunched through the launcher: -c POLICY --guest alpha" \
	grep -qx "${pid2:-0} -c $policy --guest alpha" "$tmp/launch.log"
check "  the request is audited: who asked" \
	[ "$(audit_last guest.restart.request)" = "gw attestation guest.restart.request alpha ok" ]
check "  with the reason" grep -q "reason: attestation failed: replay: test" <<< "$(detail_last guest.restart.request)"
check "  the outcome is audited" [ "$(audit_last guest.restart)" = "gw attestation guest.restart alpha ok" ]
check "  with the reason and both launchers" \
	grep -q "reason: attestation failed: replay: test; stopped (launcher pid ${pid1:-x} .*relaunched (launcher pid ${pid2:-x})" \
	<<< "$(detail_last guest.restart)"

for req in destroy create stop; do
	out=$(svc "$req" alpha 2>&1); rc=$?
	check "the attestation service may not $req a guest" \
		refused "$rc" "may only request guest.restart" "$out"
	check "  the refusal is audited" [ "$(audit_last guest.$req)" = "gw attestation guest.$req alpha refused" ]
done
check "nor list the guests" fails quiet svc list
check "alpha still runs its relaunched launcher" [ "$(gpid alpha)" = "${pid2:-x}" ]
check "a restart of a guest not in the policy is refused" fails quiet svc restart gamma
check "  and audited" [ "$(audit_last guest.restart)" = "gw attestation guest.restart gamma refused" ]

out=$(op bob --reason "bob says so" restart alpha 2>&1); rc=$?
check "bob (user) cannot use the attestation service's request" \
	refused "$rc" "it is the attestation service's request" "$out"
check "  the refusal is audited" [ "$(audit_last guest.restart)" = "bob guest.restart alpha refused" ]
check "alice (admin) cannot either" fails quiet op alice restart alpha
check "  audited" [ "$(audit_last guest.restart)" = "alice guest.restart alpha refused" ]
check "alpha was not restarted by them" [ "$(gpid alpha)" = "${pid2:-x}" ]

out=$("$tool" -c "$policy" --server-cert restart alpha 2>&1); rc=$?
check "authd's TLS server certificate (same CA, another name and use) is refused" \
	refused "$rc" "belongs to no operator" "$out"
check "  audited as a stranger" [ "$(audit_last auth)" = "/CN=gw authd auth  refused" ]
check "  alpha still runs" [ "$(gpid alpha)" = "${pid2:-x}" ]

# restart_limit = 2: the second relaunch is the last in the window.
check "a second restart within the window relaunches" quiet svc --reason again restart alpha
pid3=$(gpid alpha)
check "  (new launcher ${pid3:-none})" test -n "$pid3" -a "${pid3:-0}" != "${pid2:-0}"
out=$(svc --reason "third time" restart alpha 2>&1); rc=$?
check "the third is refused: restart limit reached" \
	refused "$rc" "restart limit reached (2 relaunches within 600 s)" "$out"
check "  the guest is stopped and left stopped" [ "$(state alpha)" = stopped ]
check "  its launcher is gone" wait_gone "${pid3:-0}"
check "  the request and the refusal are audited" \
	[ "$(audit_last guest.restart.request) / $(audit_last guest.restart)" = "gw attestation guest.restart.request alpha ok / gw attestation guest.restart alpha refused" ]
check "  with the reason" grep -q "reason: third time;.*it stays stopped" <<< "$(detail_last guest.restart)"
check "vmmd still serves operators" quiet op bob list

# --- through vmgate-authd ---------------------------------------------------
if [ "$(id -u)" -ne 0 ] || ! command -v ip >/dev/null; then
	echo "SKIP (part): authd and its agent need root and ip for a network namespace of their own"
	checks_summary "restart (vmmd only)"
	exit $?
fi
ip netns add "$ns" && netns=$ns &&
	ip -n "$ns" link set lo up && ip -n "$ns" addr add 10.89.0.1/32 dev lo ||
	{ echo "cannot make network namespace $ns"; exit 1; }
ctl vtpm create a >/dev/null || { tail "$tmp/vtpmd.log"; exit 1; }
tcti=$(ctl --json vtpm show a | jq -r .tcti)
"$measure" --tcti "$tcti" --log "$tmp/a.evlog" --part kernel --text kernel-a \
	--part initrd --text initrd-a || exit 1
reference=$(ctl --json vtpm list | jq -r .gateway_pcr23)
check "alice starts a" quiet op alice start a
pa1=$(gpid a)

ip netns exec "$ns" "$authd" -c "$policy" 2>>"$tmp/authd.log" &
authd_pid=$!
check "authd starts in its namespace" wait_for 15 quiet ctl --json sessions
ip netns exec "$ns" "$agent" --name a --tcti "$tcti" --connect 10.89.0.1:7447 \
	--ca "$state/ca.der" --ak-cert "$state/guests/a/ak.der" \
	--tls-cert "$state/guests/a/tls.der" --gateway gw --gateway-pcr23 "$reference" \
	--event-log "$tmp/a.evlog" >> "$tmp/agent.out" 2>&1 &
agent_pid=$!
session() { ctl --json sessions | jq -r ".[] | select(.name == \"a\") | $1"; }
session_is() { [ "$(session "$1")" = "$2" ]; }
session_ge() { [ "$(session "$1")" -ge "$2" ] 2>/dev/null; }
check "a attests" wait_for 15 grep -q "attested ok" "$tmp/agent.out"

# vmmd goes away first: the request fails, the guest stays cut off.
stop_pid "$vmmd_pid"; vmmd_pid=""
check "  (vmmd stopped its launcher when it ended)" wait_gone "${pa1:-0}"
"$measure" --tcti "$tcti" --no-log --part kernel --text rootkit || exit 1
check "a tampered guest fails re-attestation" wait_for 10 session_is .state failed
check "  authd's restart request fails with vmmd down" \
	wait_for 10 session_ge .restart.failed 1
check "  sessions says why" grep -q "vmgate-vmmd is not running" <<< "$(session .restart.last)"
check "  the guest holds no grant" test "$(session '.grants | length')" = 0
check "  authd logs it" grep -q "result=restart-failed" "$tmp/authd.log"
out=$(ctl sessions)
check "  the sessions table shows the failed request" \
	grep -q "restarts via vmmd: 1 requested, 0 done, 1 failed" <<< "$out"

# vmmd back, the guest running again: the next failure after the back-off
# is asked for once more, and this time the guest is restarted.
check "vmmd starts again" start_vmmd
check "alice starts a again" quiet op alice start a
pa2=$(gpid a)
check "authd's next request restarts a" wait_for 25 session_is .restart.done 1
pa3=$(gpid a)
check "  the stand-in's PID changed (${pa2:-none} -> ${pa3:-none})" \
	test -n "$pa3" -a "${pa3:-0}" != "${pa2:-0}"
check "  the old launcher is gone" wait_gone "${pa2:-0}"
check "  vmmd audited authd's request with the failure's reason" \
	[ "$(ctl --json audit | jq -r '[.entries[] | select(.actor == "gw attestation" and .target == "a" and .action == "guest.restart.request")][-1].detail' | grep -c 'attestation failed: ')" = 1 ]
check "  and the outcome" \
	[ "$(ctl --json audit | jq -r '[.entries[] | select(.actor == "gw attestation" and .target == "a" and .action == "guest.restart")][-1].result')" = ok ]
check "  sessions shows it" grep -q "^restarted: vmgate-vmmd: " <<< "$(session .restart.last)"
sleep 4
requested=$(session .restart.requested)
check "failures keep coming (the agent reconnects) but requests do not loop ($requested)" \
	test "$requested" -le 3 -a "$requested" -eq $(( $(session .restart.done) + $(session .restart.failed) ))
check "  the others are counted as suppressed" test "$(session .restart.suppressed)" -ge 1
stop_pid "$agent_pid"; agent_pid=""

check "authd exits cleanly" stop_status "$authd_pid"
authd_pid=""
check "vmmd exits cleanly" stop_status "$vmmd_pid"
vmmd_pid=""
check "the audit log verifies" quiet ctl audit verify
check "no daemon log has a sanitizer report" \
	fails grep -l "Sanitizer\|runtime error" "$tmp"/*.log
checks_summary "restart"
