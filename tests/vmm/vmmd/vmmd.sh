#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# vmgate-vmmd end to end: a root swtpm, vmgate-vtpmd and vmgate-vmmd on a
# policy with two operators, alice (admin) and bob (user), whose P-256 keys
# live on a softhsm2 token this test initialises in its own directory.
# Proves: bob reads status and starts/stops a guest; bob's destroy, create
# and reload are refused and audited; alice creates and destroys a guest's
# vTPM; a certificate no operator holds is refused and audited; a client
# without the certificate's key fails the handshake; a launcher that is not
# the measured one refuses a start; an invalid policy is refused on reload;
# the launcher is stopped by SIGTERM, or SIGKILL after the grace period,
# and its exit status is reported; the audit chain verifies at the end.
#   vmmd.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
ctl_bin=$build/tools/vmgatectl/vmgatectl
vtpmd=$build/vtpm/vmgate-vtpmd
vmmd=$build/vmm-glue/vmmd/vmgate-vmmd
module=/usr/lib/softhsm/libsofthsm2.so

skip() { echo "SKIP: $*"; exit 77; }
for t in swtpm swtpm_ioctl tpm2_shutdown softhsm2-util pkcs11-tool openssl jq nc; do
	command -v "$t" >/dev/null || skip "missing $t (tools/setup.sh installs it)"
done
[ -r "$module" ] || skip "missing $module (softhsm2; tools/setup.sh installs it)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vg-vmmd-XXXXXX") || exit 1
policy=$tmp/policy.conf
root=$tmp/root
vtpmd_pid="" vmmd_pid=""
. "$src/tests/checks.sh"

stop_pid() {  # stop_pid PID: SIGTERM, wait up to 10 s, then SIGKILL; its exit status
	[ -n "$1" ] || return 0
	kill "$1" 2>/dev/null
	for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}
cleanup() {
	stop_pid "$vmmd_pid"
	stop_pid "$vtpmd_pid"
	# Launchers vmmd could not stop (it was killed): by their recorded PID.
	[ -f "$tmp/launch.log" ] && while read -r p _; do kill -9 "$p" 2>/dev/null; done < "$tmp/launch.log"
	"$src/tools/root_swtpm.sh" stop "$root"
	rm -rf "$tmp"
}
trap cleanup EXIT

# The token: private to this test, never the system's.
export SOFTHSM2_CONF=$tmp/softhsm2.conf
mkdir -p "$tmp/tokens" "$tmp/bin" "$tmp/run"
printf 'directories.tokendir = %s\nobjectstore.backend = file\n' "$tmp/tokens" > "$SOFTHSM2_CONF"
export VMGATE_PKCS11_PIN=1234
softhsm2-util --init-token --free --label operators --pin 1234 --so-pin 87654321 >/dev/null ||
	{ echo "cannot initialise a softhsm2 token"; exit 1; }

# Operators' keys are made on the token; only their public halves leave it,
# to be certified by a test CA.
openssl ecparam -name prime256v1 -genkey -noout -out "$tmp/ca.key" 2>/dev/null
openssl req -x509 -new -key "$tmp/ca.key" -subj "/CN=test operators CA" -days 30 \
	-out "$tmp/ca.pem" 2>/dev/null
id=1
for who in alice bob eve; do
	pkcs11-tool --module "$module" --token-label operators --login --pin 1234 \
		--keypairgen --key-type EC:prime256v1 --label "$who" --id "0$id" >/dev/null 2>&1 ||
		{ echo "cannot make $who's key on the token"; exit 1; }
	pkcs11-tool --module "$module" --token-label operators --read-object --type pubkey \
		--label "$who" -o "$tmp/$who.pub.der" >/dev/null 2>&1
	openssl pkey -pubin -inform DER -in "$tmp/$who.pub.der" -out "$tmp/$who.pub.pem" &&
	openssl x509 -new -subj "/CN=$who/O=operators" -force_pubkey "$tmp/$who.pub.pem" \
		-CA "$tmp/ca.pem" -CAkey "$tmp/ca.key" -days 30 -out "$tmp/$who.pem" 2>/dev/null ||
		{ echo "cannot certify $who's key"; exit 1; }
	id=$((id + 1))
done

cp "$src/tests/vmm/vmmd/launch_standin.sh" "$tmp/bin/launcher"
export VMMD_TEST_LAUNCH_LOG=$tmp/launch.log
write_policy() {  # write_policy [EXTRA]: the policy, with EXTRA appended
	cat > "$policy" <<CONF
gateway = { name = "gw"; runtime_dir = "$tmp/run"; control_ipv4 = "10.9.0.1/24"; };
root_tpm = {
  tcti = "swtpm:path=$root/root-tpm.sock";
  state_dir = "$tmp/state";
  measure = ["$vmmd", "bin/launcher"];
};
guests = (
  { name = "alpha";    mac = "52:54:00:09:00:0a"; ipv4 = "10.9.0.10/24"; },
  { name = "stubborn"; mac = "52:54:00:09:00:0b"; ipv4 = "10.9.0.11/24"; },
  { name = "crashy";   mac = "52:54:00:09:00:0c"; ipv4 = "10.9.0.12/24"; }
);
operators = (
  { name = "alice"; certificate = "alice.pem"; role = "admin"; },
  { name = "bob";   certificate = "bob.pem";   role = "user"; }
);
vmm = { audit_log = "audit.log"; save_dir = "saved"; };
${1:-}
CONF
}
write_policy
log=$tmp/audit.log

ctl() { "$ctl_bin" -c "$policy" "$@"; }
as() {  # as OPERATOR [--key LABEL] ARGS...: vmgatectl with OPERATOR's certificate
	local who=$1 key=$1
	shift
	[ "${1:-}" = "--key" ] && { key=$2; shift 2; }
	"$ctl_bin" -c "${client_policy:-$policy}" --cert "$tmp/$who.pem" --token operators \
		--key "$key" "$@"
}
quiet() { "$@" >/dev/null 2>&1; }
state() { as bob --json guest status "$1" 2>/dev/null | jq -r .state; }
gpid() { as bob --json guest status "$1" 2>/dev/null | jq -r '.pid // empty'; }
vtpm_state() { ctl --json vtpm list | jq -r ".vtpms[] | select(.name == \"$1\") | .state"; }
# The last audit entry as "actor action target result".
last_audit() { ctl --json audit | jq -r '.entries[-1] | "\(.actor) \(.action) \(.target) \(.result)"'; }
last_detail() { ctl --json audit | jq -r '.entries[-1].detail'; }
running() { [ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat"; }
wait_gone() { for _ in $(seq 50); do running "$1" || return 0; sleep 0.1; done; return 1; }

"$src/tools/root_swtpm.sh" start "$root" || exit 1
"$vtpmd" -c "$policy" 2>>"$tmp/vtpmd.log" &
vtpmd_pid=$!
"$vmmd" -c "$policy" --launcher "$tmp/bin/launcher" 2>>"$tmp/vmmd.log" &
vmmd_pid=$!
for _ in $(seq 150); do
	[ -S "$tmp/run/vmmd.sock" ] && break
	kill -0 "$vmmd_pid" 2>/dev/null || break
	sleep 0.1
done
check "vmmd starts and listens" test -S "$tmp/run/vmmd.sock"
if ! [ -S "$tmp/run/vmmd.sock" ]; then
	tail -n 20 "$tmp/vtpmd.log" "$tmp/vmmd.log"
	exit 1
fi

# bob, a user: status, start, stop.
out=$(as bob guest list 2>&1)
check "bob lists the guests" grep -qE '^alpha +stopped ' <<< "$out"
check "bob's list is audited" [ "$(last_audit)" = "bob guest.list  ok" ]
check "bob reads a guest's status" [ "$(state alpha)" = stopped ]
check "bob starts alpha" quiet as bob guest start alpha
pid=$(gpid alpha)
check "alpha runs, with its launcher's pid" [ "$(state alpha)" = running ]
check "the launcher process runs" running "${pid:-0}"
check "the launcher got -c POLICY --guest alpha" \
	grep -qx "$pid -c $policy --guest alpha" "$tmp/launch.log"
check "starting a running guest fails" fails quiet as bob guest start alpha
check "bob stops alpha" quiet as bob guest stop alpha
check "the stop is audited" [ "$(last_audit)" = "bob guest.stop alpha ok" ]
check "alpha is stopped" [ "$(state alpha)" = stopped ]
check "its launcher ended on SIGTERM" wait_gone "${pid:-0}"

# alice, an admin: create and destroy a guest's vTPM; bob may not.
check "alpha has no vTPM yet" [ "$(vtpm_state alpha)" = absent ]
check "alice creates alpha" quiet as alice guest create alpha
check "alpha's vTPM appears" [ "$(vtpm_state alpha)" = running ]
check "the create is audited" [ "$(last_audit)" = "alice guest.create alpha ok" ]
out=$(as bob guest destroy alpha 2>&1); rc=$?
check "bob's destroy is refused" [ "$rc" -eq 1 ]
check "bob is told why" grep -q "role user; guest.destroy needs role admin" <<< "$out"
check "bob's destroy is audited as refused" [ "$(last_audit)" = "bob guest.destroy alpha refused" ]
check "alpha's vTPM is still there" [ "$(vtpm_state alpha)" = running ]
check "bob's create is refused" fails quiet as bob guest create crashy
check "bob's create is audited" [ "$(last_audit)" = "bob guest.create crashy refused" ]
check "bob's reload is refused" fails quiet as bob guest reload
check "bob's reload is audited" [ "$(last_audit)" = "bob policy.reload  refused" ]
check "alice destroys alpha" quiet as alice guest destroy alpha
check "alpha's vTPM disappears" [ "$(vtpm_state alpha)" = absent ]
check "the destroy is audited" [ "$(last_audit)" = "alice guest.destroy alpha ok" ]

# Migrate (save): an admin's request; the stand-in exits 3 on SIGUSR1, as
# the launcher does once it saved its guest.
check "bob starts alpha again" quiet as bob guest start alpha
pid=$(gpid alpha)
out=$(as bob guest migrate alpha 2>&1); rc=$?
check "bob's migrate is refused" [ "$rc" -eq 1 ]
check "... and he is told why" grep -q "role user; guest.migrate needs role admin" <<< "$out"
check "... and it is audited as refused" [ "$(last_audit)" = "bob guest.migrate alpha refused" ]
check "alpha still runs" [ "$(state alpha)" = running ]
out=$(as alice guest migrate alpha 2>&1)
check "alice migrates alpha: saved, in the policy's save directory" \
	grep -q "guest.migrate alpha: saved to $tmp/saved/alpha.vgsave" <<< "$out"
check "the migrate is audited ok" [ "$(last_audit)" = "alice guest.migrate alpha ok" ]
check "alpha is stopped" [ "$(state alpha)" = stopped ]
check "its launcher is gone" wait_gone "${pid:-0}"
check "no save is reported: the stand-in wrote none" \
	[ "$(as bob --json guest status alpha | jq -r .saved)" = false ]
mkdir -p "$tmp/saved" && : > "$tmp/saved/alpha.vgsave"
check "a save in the save directory is reported" \
	[ "$(as bob --json guest status alpha | jq -r .saved)" = true ]
rm -f "$tmp/saved/alpha.vgsave"
check "a stopped guest cannot be migrated" fails quiet as alice guest migrate alpha
check "... audited failed" [ "$(last_audit)" = "alice guest.migrate alpha failed" ]
check "vmgatectl does not send guest.restart for an operator" \
	fails quiet as alice guest restart alpha
check "a guest not in the policy cannot be started" fails quiet as alice guest start delta
check "hostile guest names never leave vmgatectl" fails quiet as alice guest start '../x'

# Who may connect at all.
out=$(as eve guest list 2>&1); rc=$?
check "eve's certificate (in no operator's name) is refused" [ "$rc" -eq 1 ]
check "eve is told so" grep -q "belongs to no operator" <<< "$out"
check "eve's attempt is audited with her subject" \
	[ "$(last_audit)" = "/CN=eve/O=operators auth  refused" ]
check "alice's certificate without alice's key fails the handshake" \
	fails quiet as alice --key bob guest list
check "that failure is audited" [ "$(last_audit)" = "(unauthenticated) auth  refused" ]
check "a wrong PIN gets nowhere" fails quiet env VMGATE_PKCS11_PIN=0000 \
	"$ctl_bin" -c "$policy" --cert "$tmp/bob.pem" --token operators --key bob guest list
check "garbage on the socket does not hurt vmmd" \
	quiet sh -c "head -c 4096 /dev/urandom | nc -N -U '$tmp/run/vmmd.sock'"
check "vmmd still serves" quiet as bob guest list

# The launcher's exit and the grace period.
check "bob starts crashy" quiet as bob guest start crashy
sleep 1.5
check "crashy's launcher exited with status 3" \
	[ "$(as bob --json guest status crashy | jq -r '"\(.state) \(.exit)"')" = "exited exit status 3" ]
check "bob starts stubborn" quiet as bob guest start stubborn
pid=$(gpid stubborn)
sleep 0.5
out=$(as bob guest stop stubborn 2>&1)
check "a launcher deaf to SIGTERM is killed after the grace period" \
	grep -q "did not stop on SIGTERM, killed by signal 9" <<< "$out"
check "it is gone" wait_gone "${pid:-0}"

# Measurements: a launcher other than the measured one refuses a start.
cp "$tmp/bin/launcher" "$tmp/launcher.orig"
echo "# changed" >> "$tmp/bin/launcher"
out=$(as alice guest start alpha 2>&1)
check "a changed launcher refuses the start" grep -q "is not among the gateway's measurements" <<< "$out"
check "the refusal is audited" [ "$(last_audit)" = "alice guest.start alpha refused" ]
check "nothing was started" [ "$(state alpha)" = stopped ]
cp "$tmp/launcher.orig" "$tmp/bin/launcher"
check "the measured launcher starts again" quiet as alice guest start alpha

# Reload: an invalid policy is refused, a valid one taken.
cp "$policy" "$tmp/policy.good"
write_policy 'operators_typo = 1;'
# vmgatectl reads the good copy (for the socket); vmmd re-reads the broken one.
out=$(client_policy=$tmp/policy.good as alice guest reload 2>&1)
check "an invalid policy is refused on reload" grep -q "invalid policy, kept the old one" <<< "$out"
check "the failed reload is audited" \
	[ "$("$ctl_bin" -c "$tmp/policy.good" --json audit | jq -r '.entries[-1] | "\(.actor) \(.action) \(.result)"')" = "alice policy.reload failed" ]
cp "$tmp/policy.good" "$policy"
check "a valid policy reloads" quiet as alice guest reload
check "the reload is audited" [ "$(last_audit)" = "alice policy.reload  ok" ]
check "alpha kept running across the reload" [ "$(state alpha)" = running ]

# The end: vmmd stops its launchers; the audit chain holds.
pid=$(gpid alpha)
stop_pid "$vmmd_pid"; st=$?; vmmd_pid=""
# Under the sanitizers a leak or an error report makes this non-zero.
check "vmmd ends cleanly on SIGTERM" [ "$st" -eq 0 ]
[ "$st" -eq 0 ] || tail -n 30 "$tmp/vmmd.log"
check "vmmd stops running launchers when it ends" wait_gone "${pid:-0}"
check "the audit log verifies" quiet ctl audit verify
check "every refusal is in it" [ "$(ctl --json audit | jq '[.entries[] | select(.result == "refused")] | length')" -ge 8 ]
checks_summary "vmmd"
