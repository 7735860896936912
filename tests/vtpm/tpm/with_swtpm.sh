#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Runs a test program against two fresh software TPMs: VT_TEST_TCTI and
# VT_TEST_TCTI2 (another TPM, with other seeds), with VT_TEST_DIR a
# scratch directory. Each swtpm is shut down
# through its control socket and stopped by its PID; its state directory
# is removed, on failure too.
#   with_swtpm.sh PROGRAM [ARGS...]
set -u

skip() { echo "SKIP: $*"; exit 77; }
command -v swtpm >/dev/null || skip "swtpm not installed"
command -v swtpm_ioctl >/dev/null || skip "swtpm not installed (no swtpm_ioctl)"

tmp=$(mktemp -d)
pids=()

# Starts an swtpm with its state in $tmp/$1; its PID goes into pids.
start_tpm() {
	local d=$tmp/$1 i
	mkdir "$d"
	swtpm socket --tpm2 --tpmstate dir="$d" \
		--server type=unixio,path="$d/tpm.sock" \
		--ctrl type=unixio,path="$d/tpm.sock.ctrl" \
		--flags not-need-init,startup-clear 2>"$d/log" &
	pids+=($!)
	for i in $(seq 50); do
		[ -S "$d/tpm.sock" ] && [ -S "$d/tpm.sock.ctrl" ] && return 0
		kill -0 "${pids[-1]}" 2>/dev/null || break
		sleep 0.1
	done
	echo "with_swtpm: swtpm $1 did not start:" >&2
	cat "$d/log" >&2
	return 1
}

# Asks the swtpm of $tmp/$1 to stop, waits for PID $2, kills it only when
# it does not exit.
stop_tpm() {
	local d=$tmp/$1 pid=$2 i
	swtpm_ioctl --unix "$d/tpm.sock.ctrl" -s >/dev/null 2>&1
	for i in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "with_swtpm: swtpm $1 ($pid) did not stop, killing it" >&2
		kill "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
}

cleanup() {
	local i
	for i in "${!pids[@]}"; do
		stop_tpm "tpm$((i + 1))" "${pids[$i]}"
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

start_tpm tpm1 || exit 1
start_tpm tpm2 || exit 1
export VT_TEST_TCTI="swtpm:path=$tmp/tpm1/tpm.sock"
export VT_TEST_TCTI2="swtpm:path=$tmp/tpm2/tpm.sock"
export VT_TEST_DIR=$tmp
"$@"
rc=$?
exit $rc
