#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Runs a test program against N fresh software TPMs (1 to 8): VT_TEST_TCTI
# (the first), VT_TEST_TCTI2 ... VT_TEST_TCTI<N>, with VT_TEST_DIR a
# scratch directory. A guest's launch PCRs cannot be reset, so each state
# a test needs (honest, tampered...) is a TPM of its own. Each swtpm is
# shut down through its control socket and stopped by its PID; the
# directory is removed, on failure too.
#   with_swtpms.sh N PROGRAM [ARGS...]
set -u

skip() { echo "SKIP: $*"; exit 77; }
command -v swtpm >/dev/null || skip "swtpm not installed"
command -v swtpm_ioctl >/dev/null || skip "swtpm not installed (no swtpm_ioctl)"

count=${1:-}
case $count in
[1-8]) shift ;;
*) echo "usage: with_swtpms.sh N PROGRAM [ARGS...] (N from 1 to 8)" >&2; exit 2 ;;
esac

tmp=$(mktemp -d)
pids=()

# Starts an swtpm with its state in $tmp/tpm$1; its PID goes into pids.
start_tpm() {
	local d=$tmp/tpm$1 i
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
	echo "with_swtpms: swtpm $1 did not start:" >&2
	cat "$d/log" >&2
	return 1
}

# Asks the swtpm of $tmp/tpm$1 to stop, waits for PID $2, kills it only
# when it does not exit.
stop_tpm() {
	local d=$tmp/tpm$1 pid=$2 i
	swtpm_ioctl --unix "$d/tpm.sock.ctrl" -s >/dev/null 2>&1
	for i in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "with_swtpms: swtpm $1 ($pid) did not stop, killing it" >&2
		kill "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
}

cleanup() {
	local i
	for i in "${!pids[@]}"; do
		stop_tpm "$((i + 1))" "${pids[$i]}"
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

for n in $(seq "$count"); do
	start_tpm "$n" || exit 1
	if [ "$n" = 1 ]; then
		export VT_TEST_TCTI="swtpm:path=$tmp/tpm1/tpm.sock"
	else
		export "VT_TEST_TCTI$n=swtpm:path=$tmp/tpm$n/tpm.sock"
	fi
done
export VT_TEST_DIR=$tmp
"$@"
exit $?
