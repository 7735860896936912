#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Attestation benchmark, two parts in one run:
#  1. cost: what an attestation costs authd's thread in CPU against a bare
#     TLS 1.3 mutual-auth handshake of the same TLS layer (bench/attest_cost.c,
#     against a guest vTPM: an swtpm started here);
#  2. latency: from the start of a guest's vmgate-agent to its "pair b ok"
#     line, on the real stack as tests/e2e/attestation.sh builds it (a root
#     swtpm, vmgate-vtpmd with a vTPM per guest launched measured, the
#     dataplane and vmgate-authd in the gateway's namespace, simulated guests
#     a and b). b's agent stays connected; a's is started, timed and stopped
#     REPEATS times.
#
#   bench/attestation.sh [--build DIR] [--handshakes 200] [--attestations 100]
#                        [--rounds 5] [--repeats 10] [--json FILE] [--quick]
#
# Needs root (namespaces, TAP devices). Builds DIR of the source tree
# (default build) first; FILE is relative to the caller's directory. Prints
# progress on stderr, the table on stdout; --json writes all of it, every
# latency run included. --quick: 50 handshakes, 25 attestations, 3 runs.
# Everything it starts is stopped by PID, on errors and Ctrl-C too.
set -euo pipefail
export LC_ALL=C          # a "." in $EPOCHREALTIME, whatever the locale

build=build handshakes=200 attestations=100 rounds=5 repeats=10 json=""
# The command as recorded, without --build: which build directory of the
# tree ran changes nothing measured (the revision is recorded apart).
command_line=bench/attestation.sh skip=0
for a in "$@"; do
	if [ "$skip" = 1 ]; then skip=0
	elif [ "$a" = --build ]; then skip=1
	else command_line+=" $a"
	fi
done
while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=$2; shift 2 ;;
	--handshakes) handshakes=$2; shift 2 ;;
	--attestations) attestations=$2; shift 2 ;;
	--rounds) rounds=$2; shift 2 ;;
	--repeats) repeats=$2; shift 2 ;;
	--json) json=$(realpath -m "$2"); shift 2 ;;
	--quick) handshakes=50 attestations=25 repeats=3; shift ;;
	*) sed -n '3,21p' "$0"; exit 2 ;;
	esac
done
cd "$(dirname "$0")/.."      # FILE was taken from the caller's directory
[ "$(id -u)" -eq 0 ] || { echo "attestation: run as root (namespaces, TAP devices)" >&2; exit 1; }
[ -c /dev/net/tun ] || { echo "attestation: no /dev/net/tun" >&2; exit 1; }
for t in ip jq swtpm swtpm_ioctl tpm2_shutdown sha256sum meson ninja; do
	command -v "$t" >/dev/null || { echo "attestation: missing $t (tools/setup.sh)" >&2; exit 1; }
done
tools/build.sh "$build" >/dev/null
build=$(realpath "$build")

tmp=$(mktemp -d)
run=$tmp/run state=$tmp/state root=$tmp/root policy=$tmp/policy.conf
pids=()          # started and not yet stopped: the only ones cleanup may signal
n_started=0
SIM_BUILD=$build SIM_NS=vgab$$ SIM_TMP=$tmp
. tools/simulated_guests.sh
. bench/attest_stack.sh
. bench/attest_latency.sh

track_pid() { pids+=("$1"); n_started=$((n_started + 1)); }
# Once reaped, a PID may be reused by anyone: forget it.
untrack_pid() {
	local p keep=()
	for p in "${pids[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
	pids=("${keep[@]}")
}
# stop_pid PID [grace]: TERM now (or, with grace, only if it has not
# exited by itself within 2 s), KILL 5 s later; reaped and forgotten.
stop_pid() {
	local pid=$1 i
	[ "${2:-}" = grace ] || kill "$pid" 2>/dev/null || true
	for i in $(seq 70); do
		kill -0 "$pid" 2>/dev/null || break
		[ "$i" = 20 ] && { kill "$pid" 2>/dev/null || true; }
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "attestation: $pid did not stop, killing it" >&2
		kill -9 "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
	untrack_pid "$pid"
}
# An swtpm of ours: TPM2_Shutdown came from its client; swtpm's own stop.
stop_swtpm() {
	swtpm_ioctl --unix "$2.ctrl" -s >/dev/null 2>&1 || true
	stop_pid "$1"
}
# Newest first: agents and their readers, authd, then vtpmd (which stops
# the guests' vTPMs).
stop_all() {
	local i
	for ((i = ${#pids[@]} - 1; i >= 0; i--)); do stop_pid "${pids[$i]}"; done
}
cleanup() {
	set +e
	stop_all
	sim_cleanup
	tools/root_swtpm.sh stop "$root" 2>/dev/null
	[ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date +%s)

# --- 1. The verifier's CPU: attestation against bare handshake -------------
echo "attestation: cost, $handshakes handshakes and $attestations attestations" >&2
mkdir -p "$tmp/vtpm"
swtpm socket --tpm2 --tpmstate "dir=$tmp/vtpm" \
	--server "type=unixio,path=$tmp/vtpm/tpm.sock" \
	--ctrl "type=unixio,path=$tmp/vtpm/tpm.sock.ctrl" \
	--flags not-need-init,startup-clear 2> "$tmp/vtpm/log" &
guest_tpm=$!
track_pid "$guest_tpm"
sim_wait_for "[ -S '$tmp/vtpm/tpm.sock' ] && [ -S '$tmp/vtpm/tpm.sock.ctrl' ]" ||
	{ cat "$tmp/vtpm/log" >&2; exit 1; }
"$build/bench/attest-cost" --tcti "swtpm:path=$tmp/vtpm/tpm.sock" --swtpm-pid "$guest_tpm" \
	--handshakes "$handshakes" --attestations "$attestations" --rounds "$rounds" \
	--json "$tmp/cost.json" > "$tmp/cost.txt"
stop_swtpm "$guest_tpm" "$tmp/vtpm/tpm.sock"

# --- 2. Agent start to grant, on the real stack ----------------------------
echo "attestation: latency, starting the stack" >&2
stack_start
echo "attestation: latency, $repeats runs" >&2
: > "$tmp/runs.jsonl"
latency_run "$repeats" "$tmp/runs.jsonl"

# --- Cleanup, checked ------------------------------------------------------
stop_all
sim_cleanup
SIM_PIDS=()      # reaped: the exit trap must not signal them again
tools/root_swtpm.sh stop "$root"
left_procs=$(pgrep -f -- "$tmp" | wc -l || true)
left_ns=$(ip netns list | grep -c "^$SIM_NS-" || true)

# --- Table and JSON --------------------------------------------------------
elapsed=$(($(date +%s) - started))
jq -n --slurpfile cost "$tmp/cost.json" --slurpfile runs "$tmp/runs.jsonl" \
	--arg cmd "$command_line" --argjson nproc "$(nproc)" \
	--arg cpu "$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')" \
	--arg mem "$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)" \
	--arg kernel "$(uname -r)" --arg debian "$(cat /etc/debian_version)" \
	--arg wolfssl "$(dpkg-query -W -f='${Version}' libwolfssl35 2>/dev/null)" \
	--arg swtpm "$(dpkg-query -W -f='${Version}' swtpm 2>/dev/null)" \
	--arg rev "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo +changes)" \
	--arg load "$load_start" --argjson elapsed "$elapsed" \
	--argjson cleanup "{\"processes_started\": $n_started, \"processes_left\": $left_procs, \"netns_left\": $left_ns}" \
	-f bench/attest_summary.jq > "$tmp/result.json"

jq -r '"machine: \(.machine.nproc) x \(.machine.cpu), \(.machine.memory), Linux \(.machine.kernel), Debian \(.machine.debian), wolfSSL \(.machine.wolfssl), swtpm \(.machine.swtpm), vmgate \(.machine.vmgate_revision)",
	"command: \(.command)  (\(.elapsed_s) s)", ""' "$tmp/result.json"
cat "$tmp/cost.txt"
jq -r -f bench/attest_table.jq "$tmp/result.json"
[ -z "$json" ] || cp "$tmp/result.json" "$json"
