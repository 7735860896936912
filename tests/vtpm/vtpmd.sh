#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# vmgate-vtpmd end to end, with an swtpm as the root TPM: three guests'
# vTPMs provisioned, their certificates verified against the platform CA,
# state encrypted at rest and identities kept across restarts, bad sealed
# keys refused, destroy wiping state, and the gateway's quote verifying and
# following a change of a measured binary.
#   vtpmd.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
ctl=$build/tools/vmgatectl/vmgatectl
vtpmd=$build/vtpm/vmgate-vtpmd
check_tool=$build/tests/vtpm/vtpm-check

skip() { echo "SKIP: $*"; exit 77; }
for t in swtpm swtpm_setup swtpm_ioctl jq; do
	command -v "$t" >/dev/null || skip "missing $t (tools/setup.sh installs it)"
done

tmp=$(mktemp -d)
policy=$tmp/policy.conf
root=$tmp/root
state=$tmp/state
vtpmd_pid=""
. "$src/tests/checks.sh"

vtpmd_status=0    # the worst exit status of a stopped vtpmd
stop_vtpmd() {
	local st
	[ -n "$vtpmd_pid" ] || return 0
	kill "$vtpmd_pid" 2>/dev/null
	for _ in $(seq 100); do kill -0 "$vtpmd_pid" 2>/dev/null || break; sleep 0.1; done
	kill -9 "$vtpmd_pid" 2>/dev/null
	wait "$vtpmd_pid" 2>/dev/null
	st=$?
	[ "$st" -eq 0 ] || vtpmd_status=$st
	vtpmd_pid=""
}
cleanup() {
	stop_vtpmd
	# Guests' swtpm processes vtpmd could not stop (it was killed): by PID.
	for f in "$tmp"/swtpm-pids; do
		[ -f "$f" ] && while read -r p; do kill -9 "$p" 2>/dev/null; done < "$f"
	done
	"$src/tools/root_swtpm.sh" stop "$root"
	rm -rf "$tmp"
}
trap cleanup EXIT

ctl() { "$ctl" -c "$policy" "$@"; }

mkdir -p "$tmp/bin"
cp "$build/dataplane/vmgate-dataplane" "$tmp/bin/vmgate-dataplane"
cat > "$policy" <<CONF
gateway = { name = "gw"; runtime_dir = "$tmp/run"; control_ipv4 = "10.9.0.1/24"; };
root_tpm = {
  tcti = "swtpm:path=$root/root-tpm.sock";
  state_dir = "$state";
  measure = ["bin/vmgate-dataplane"];
};
guests = (
  { name = "alpha"; mac = "52:54:00:09:00:0a"; ipv4 = "10.9.0.10/24"; },
  { name = "beta";  mac = "52:54:00:09:00:0b"; ipv4 = "10.9.0.11/24"; },
  { name = "gamma"; mac = "52:54:00:09:00:0c"; ipv4 = "10.9.0.12/24"; }
);
CONF

start_vtpmd() {
	"$vtpmd" -c "$policy" 2>>"$tmp/vtpmd.log" &
	vtpmd_pid=$!
	for _ in $(seq 100); do
		[ -S "$tmp/run/vtpmd.sock" ] && ctl vtpm list >/dev/null 2>&1 && return 0
		kill -0 "$vtpmd_pid" 2>/dev/null || break
		sleep 0.1
	done
	echo "  vmgate-vtpmd did not start; its log:"; tail -n 20 "$tmp/vtpmd.log"
	return 1
}
record_pids() { ctl --json vtpm list | jq -r '.vtpms[].pid // empty' >> "$tmp/swtpm-pids"; }
state_of() { ctl --json vtpm list | jq -r ".vtpms[] | select(.name == \"$1\") | .state"; }
error_of() { ctl --json vtpm list | jq -r ".vtpms[] | select(.name == \"$1\") | .error // \"\""; }
pid_of() { ctl --json vtpm list | jq -r ".vtpms[] | select(.name == \"$1\") | .pid // empty"; }
ek_of() { ctl --json vtpm show "$1" | jq -r '.ek_sha256'; }
guest_dir() { echo "$state/guests/$1"; }
# A process that has not exited (a zombie waiting for init has).
running() { [ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat"; }
flip_byte() {  # flip_byte FILE OFFSET: inverts the byte there
	local b
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "\\$(printf '%03o' $((b ^ 255)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

"$src/tools/root_swtpm.sh" start "$root" || exit 1
check "vtpmd starts on the root swtpm" start_vtpmd
[ -n "$vtpmd_pid" ] || exit 1

# Provisioning.
for g in alpha beta gamma; do
	check "$g's vTPM is created" ctl vtpm create "$g"
done
record_pids
check "three vTPMs run" test "$(ctl --json vtpm list | jq '[.vtpms[] | select(.state == "running")] | length')" = 3
check "the CA certificate is stored" test -s "$state/ca.der"
for g in alpha beta gamma; do
	check "$g's EK certificate verifies against the platform CA" \
		"$check_tool" cert "$state/ca.der" "$(guest_dir $g)/ek.der"
	check "$g's AK certificate verifies against the platform CA" \
		"$check_tool" cert "$state/ca.der" "$(guest_dir $g)/ak.der"
done
check "an EK certificate does not verify as its own CA" \
	fails "$check_tool" cert "$(guest_dir alpha)/ek.der" "$(guest_dir beta)/ek.der"
check "each vTPM has its own EK" \
	test "$(for g in alpha beta gamma; do ek_of $g; done | sort -u | wc -l)" = 3
check "a guest's TCTI reaches its vTPM" \
	tpm2_getrandom --hex -T "$(ctl --json vtpm show alpha | jq -r .tcti)" 8
check "creating a vTPM twice is refused" fails ctl vtpm create alpha
check "a guest not in the policy has no vTPM" fails ctl vtpm create delta

# Identity across restarts.
ek_alpha=$(ek_of alpha)
check "a stopped vTPM is stopped" ctl vtpm stop alpha
check "its swtpm is gone" test "$(state_of alpha)" = stopped
check "a restarted vTPM starts" ctl vtpm start alpha
check "and keeps its EK" test "$(ek_of alpha)" = "$ek_alpha"
record_pids
old=$(pid_of beta)
kill -9 "$old"
for _ in $(seq 40); do [ "$(pid_of beta)" != "$old" ] && [ -n "$(pid_of beta)" ] && break; sleep 0.25; done
record_pids
check "a crashed swtpm is restarted" test "$(ctl --json vtpm show beta | jq .restarts)" = 1
check "and keeps its identity" test "$(state_of beta)" = running

# A crashed vtpmd leaves its swtpm processes: the next one takes over.
old_pids=$(ctl --json vtpm list | jq -r '.vtpms[].pid // empty')
kill -9 "$vtpmd_pid"
wait "$vtpmd_pid" 2>/dev/null
vtpmd_pid=""
check "a vtpmd restarted after a crash starts" start_vtpmd
record_pids
check "  every vTPM runs again" \
	test "$(ctl --json vtpm list | jq '[.vtpms[] | select(.state == "running")] | length')" = 3
stray=0
for p in $old_pids; do running "$p" && stray=1; done
check "  the swtpm processes the crashed one left were stopped" test "$stray" = 0
check "  identities are kept" test "$(ek_of alpha)" = "$ek_alpha"

# At rest: no clear key, state encrypted.
stop_vtpmd
key_alpha=$("$check_tool" unseal "swtpm:path=$root/root-tpm.sock" "$(guest_dir alpha)/statekey.sealed")
check "the sealed state key unseals to 32 bytes" test "${#key_alpha}" = 64
in_clear=0
for f in "$state"/* "$state"/guests/*/*; do
	"$check_tool" contains "$f" "$key_alpha" && in_clear=1
done
check "no state file holds the state key in clear" test "$in_clear" = 0
ek_x=$("$check_tool" point "$(guest_dir alpha)/ek.der")
check "the vTPM state does not hold its EK in clear" \
	fails "$check_tool" contains "$(guest_dir alpha)/tpm2-00.permall" "$ek_x"

# Refusals: another guest's sealed key, a corrupted one.
cp "$(guest_dir alpha)/statekey.sealed" "$tmp/alpha.sealed"
cp "$(guest_dir beta)/statekey.sealed" "$(guest_dir alpha)/statekey.sealed"
cp "$(guest_dir gamma)/statekey.sealed" "$tmp/gamma.sealed"
flip_byte "$(guest_dir gamma)/statekey.sealed" 100
start_vtpmd
record_pids
check "a vTPM with another guest's state key is refused" test "$(state_of alpha)" = refused
check "  and says its state cannot be decrypted" grep -q "cannot be decrypted" <<< "$(error_of alpha)"
check "a vTPM with a corrupted sealed key is refused" test "$(state_of gamma)" = refused
check "  and says so" grep -q "corrupted" <<< "$(error_of gamma)"
check "an intact vTPM still starts" test "$(state_of beta)" = running
cp "$tmp/alpha.sealed" "$(guest_dir alpha)/statekey.sealed"
cp "$tmp/gamma.sealed" "$(guest_dir gamma)/statekey.sealed"
check "with its own key back it starts" ctl vtpm start alpha
check "  with the same EK" test "$(ek_of alpha)" = "$ek_alpha"
ctl vtpm stop alpha > /dev/null
cp "$(guest_dir alpha)/ek.der" "$tmp/alpha.ek"
cp "$(guest_dir beta)/ek.der" "$(guest_dir alpha)/ek.der"
check "a vTPM whose EK is not the one certified is refused" fails ctl vtpm start alpha
check "  and says so" grep -q "EK does not match" <<< "$(error_of alpha)"
cp "$tmp/alpha.ek" "$(guest_dir alpha)/ek.der"
check "with its own certificate back it starts" ctl vtpm start alpha

# Destroy.
check "destroy succeeds" ctl vtpm destroy gamma
check "destroy removes all state" test ! -e "$(guest_dir gamma)"
check "a destroyed vTPM is absent" test "$(state_of gamma)" = absent

# The gateway's quote.
nonce=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
ctl --json vtpm quote "$nonce" > "$tmp/quote1.json"
pcr1=$("$check_tool" quote "$tmp/quote1.json" "$nonce")
check "the gateway quote verifies (AK chain, event log, nonce)" test -n "$pcr1"
check "a quote does not verify with another nonce" \
	fails "$check_tool" quote "$tmp/quote1.json" "00$nonce"
stop_vtpmd
printf 'x' >> "$tmp/bin/vmgate-dataplane"
start_vtpmd
record_pids
ctl --json vtpm quote "$nonce" > "$tmp/quote2.json"
pcr2=$("$check_tool" quote "$tmp/quote2.json" "$nonce")
check "after a measured binary changes the quote still verifies" test -n "$pcr2"
check "  and its PCR 23 changed" test "$pcr1" != "$pcr2"
check "  and the vTPMs sealed to the old measurements are refused" \
	test "$(state_of alpha)" = refused
check "  saying why" grep -q "measurements changed" <<< "$(error_of alpha)"

stop_vtpmd
left=$(while read -r p; do running "$p" && echo "$p"; done < "$tmp/swtpm-pids")
check "vtpmd stops every swtpm it started" test -z "$left"
check "vtpmd exited cleanly every time (status $vtpmd_status)" test "$vtpmd_status" -eq 0
check "vtpmd's log has no sanitizer report" \
	fails grep -q "Sanitizer\|runtime error" "$tmp/vtpmd.log"

checks_summary vtpmd
