# SPDX-License-Identifier: BSD-3-Clause
# Sourced by the shell tests: named checks, counted, in TAP-like lines.
#   check NAME CMD...    runs CMD; "ok - NAME" or "not ok - NAME"
#   fails CMD...         succeeds when CMD fails
#   stop_status PID      stops a child of this shell (SIGTERM), returns its status
#   checks_summary WHAT  prints the counts; returns 1 when a check failed
pass=0 fail=0

check() {
	local name=$1
	shift
	if "$@"; then
		pass=$((pass + 1)); echo "ok - $name"
	else
		fail=$((fail + 1)); echo "not ok - $name"
	fi
}

fails() { ! "$@"; }

stop_status() { kill "$1" 2> /dev/null; wait "$1"; }

checks_summary() {
	echo "${1:+$1: }$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
