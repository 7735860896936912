#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# vmgatectl audit as operators and scripts use it: append entries, list
# them, verify the chain (exit 0 and "N entries, chain intact"), then damage
# the log one way at a time and see verify exit 1 naming what is wrong.
set -u
ctl=$1 src=$2
. "$src/tests/checks.sh"

dir=$(mktemp -d "${TMPDIR:-/tmp}/vg-audit-cli-XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/logs"
cat > "$dir/vmgate.conf" <<'CONF'
gateway = { name = "gw"; control_ipv4 = "10.0.0.1/24"; };
vmm = { audit_log = "logs/audit.log"; };
CONF
log=$dir/logs/audit.log

ctl() { "$ctl" -c "$dir/vmgate.conf" "$@"; }
quiet() { "$@" >/dev/null 2>&1; }
exits() { local want=$1; shift; "$@" >/dev/null 2>&1; [ $? -eq "$want" ]; }
# verify's output must be exactly $1 and its exit status 1.
verify_says() {
	local out rc
	out=$(ctl audit verify 2>&1); rc=$?
	[ "$rc" -eq 1 ] && [ "$out" = "audit log $log: $1" ] && return 0
	echo "  verify exit $rc: $out" >&2
	return 1
}

check "listing a log that does not exist fails" exits 1 ctl audit
check "verifying a log that does not exist fails" exits 1 ctl audit verify

for i in 1 2 3 4 5; do
	check "append entry $i" quiet ctl audit append alice guest.start "guest-$i" ok "detail $i"
done
check "append a hostile entry" quiet ctl audit append vmgate-authd auth \
	$'web\n"}' refused $'quote\nbad\x1b[2J'
check "each entry is one line" [ "$(wc -l < "$log")" -eq 6 ]
check "the log is relative to the policy file" test -s "$dir/logs/audit.log.head"

out=$(ctl audit verify); rc=$?
check "verify passes: exit 0" [ "$rc" -eq 0 ]
check "verify passes: message" [ "$out" = "audit log $log: 6 entries, chain intact" ]
check "verify --json says intact" grep -q '"intact": true' <<< "$(ctl --json audit verify)"

list=$(ctl audit)
check "the list has a header" grep -qE '^ +SEQ +TIME +ACTOR +ACTION +TARGET +RESULT +DETAIL$' <<< "$list"
check "the list shows entry 3" grep -qE \
	'^ +3  [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{3}Z  alice +guest\.start +guest-3 +ok +detail 3$' \
	<<< "$list"
check "the list shows control characters escaped" grep -qF 'quote\nbad\x1b[2J' <<< "$list"
check "the list carries no raw escape character" fails grep -q $'\x1b' <<< "$list"
check "--json lists 6 entries" [ "$(ctl --json audit | grep -c '"seq":')" -eq 6 ]
check "--json keeps the hostile value" grep -qF '"detail": "quote\nbad\u001b[2J"' <<< "$(ctl --json audit)"

cp "$log" "$dir/orig.log"
cp "$log.head" "$dir/orig.head"
restore() { cp "$dir/orig.log" "$log"; cp "$dir/orig.head" "$log.head"; }

# Done when: verify passes, then fails after one byte of the log is changed.
sed -i '3s/"detail 3"/"detail X"/' "$log"
check "exactly one byte was changed" [ "$(cmp -l "$dir/orig.log" "$log" | wc -l)" -eq 1 ]
check "one changed byte: verify names entry 3" \
	verify_says "entry 3 (line 3): hash does not match its content"
check "one changed byte: --json says not intact" \
	grep -q '"intact": false' <<< "$(ctl --json audit verify)"
restore
check "restored: verify passes again" exits 0 ctl audit verify

sed -i '3d' "$log"
check "entry deleted in the middle" \
	verify_says "entry 4 (line 3) follows entry 2: entries missing or reordered"
restore

for n in 1 3 2 4 5 6; do sed -n "${n}p" "$dir/orig.log"; done > "$log"
check "entries swapped" \
	verify_says "entry 3 (line 2) follows entry 1: entries missing or reordered"
restore

head -n 4 "$dir/orig.log" > "$log"
check "entries deleted from the end" \
	verify_says "the log ends at entry 4 but its head says 6: entries deleted from the end"
out=$(ctl audit append alice guest.stop guest-1 ok 2>&1); rc=$?
check "appending to a cut log is refused: exit 1" [ "$rc" -eq 1 ]
check "appending to a cut log is refused: message" grep -qF "not appended" <<< "$out"
restore

sed -i '2s/.*/not json at all/' "$log"
check "a line that is not JSON" bash -c '"$0" -c "$1" audit verify | grep -qF "line 2: not valid JSON ("' \
	"$ctl" "$dir/vmgate.conf"
restore

sed -i '2s/,"hash":/,"extra":1,"hash":/' "$log"
check "an entry with an extra field" verify_says "line 2: unexpected field 'extra'"
restore

check "appending after a restore continues the chain" quiet ctl audit append bob guest.stop guest-2 failed
check "7 entries, intact" [ "$(ctl audit verify)" = "audit log $log: 7 entries, chain intact" ]

check "an unknown subcommand is a usage error" exits 2 ctl audit frobnicate
check "an unknown result is a usage error" exits 2 ctl audit append alice guest.start web maybe
check "a missing argument is a usage error" exits 2 ctl audit append alice guest.start web

printf 'gateway = { name = "gw"; control_ipv4 = "10.0.0.1/24"; };\nvmm = { audit = "x"; };\n' \
	> "$dir/bad.conf"
out=$("$ctl" -c "$dir/bad.conf" audit 2>&1); rc=$?
check "an unknown vmm key: exit 1" [ "$rc" -eq 1 ]
check "an unknown vmm key: FILE:LINE: message" [ "$out" = "$dir/bad.conf:2: vmm: unknown key 'audit'" ]

checks_summary "vmgatectl audit"
