#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# vmgatectl check as an operator runs it: every shipped example is valid
# (exit 0); every file in broken/ is refused (exit 1) with the exact
# "FILE:LINE: message" its first line announces as "# expect: LINE: message".
set -u
ctl=$1 examples=$2 broken=$3
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

for f in "$examples"/*.conf; do
	if out=$("$ctl" check -c "$f" 2>&1); then ok; else bad "$f refused: $out"; fi
	if "$ctl" --json check -c "$f" | grep -q '"valid": *true'; then ok
	else bad "$f: --json does not say valid"; fi
done

for f in "$broken"/*.conf; do
	want=$(sed -n '1s/^# expect: //p' "$f")
	[ -n "$want" ] || { bad "$f has no '# expect:' first line"; continue; }
	out=$("$ctl" check -c "$f" 2>&1)
	rc=$?
	[ "$rc" -eq 1 ] || { bad "$f: exit $rc, want 1"; continue; }
	if printf '%s\n' "$out" | grep -qxF "$f:$want"; then ok
	else bad "$f: want '$f:$want', got: $out"; fi
	if printf '%s\n' "$out" | grep -qv "^$f:[0-9][0-9]*: "; then
		bad "$f: a line is not FILE:LINE: message: $out"
	fi
done

# Usage errors are not validation errors.
"$ctl" check -c "$examples/demo.conf" extra >/dev/null 2>&1
[ $? -eq 2 ] && ok || bad "extra argument: want exit 2"
"$ctl" frobnicate >/dev/null 2>&1
[ $? -eq 2 ] && ok || bad "unknown command: want exit 2"
out=$("$ctl" check -c /nonexistent/vmgate.conf 2>&1)
[ $? -eq 1 ] && [ "$out" = "/nonexistent/vmgate.conf:0: cannot read: No such file or directory" ] \
	&& ok || bad "missing file: $out"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
