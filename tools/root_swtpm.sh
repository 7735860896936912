#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# A software root TPM for the demo and the tests, where the host has no TPM:
# one swtpm on a UNIX socket. vmgate-vtpmd reaches it through the TCTI
# "swtpm:path=DIR/root-tpm.sock" (the TCTI wants the control socket beside
# it, at DIR/root-tpm.sock.ctrl).
#
#   tools/root_swtpm.sh start DIR    state in DIR (kept across restarts)
#   tools/root_swtpm.sh stop DIR     orderly shutdown (TPM2_Shutdown, then
#                                    swtpm's own stop), then wait
set -euo pipefail

cmd=${1:-} dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { sed -n '3,11p' "$0" >&2; exit 2; }
sock=$dir/root-tpm.sock
pidfile=$dir/root-tpm.pid

case "$cmd" in
start)
	mkdir -p "$dir"
	chmod 700 "$dir"
	if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
		echo "root_swtpm: already running (pid $(cat "$pidfile"))" >&2
		exit 0
	fi
	rm -f "$sock" "$sock.ctrl"
	swtpm socket --tpm2 --tpmstate "dir=$dir,mode=0600" \
		--server "type=unixio,path=$sock" --ctrl "type=unixio,path=$sock.ctrl" \
		--flags not-need-init,startup-clear --pid "file=$pidfile" \
		--log "file=$dir/root-tpm.log,level=1" --daemon
	for _ in $(seq 50); do
		[ -S "$sock" ] && [ -S "$sock.ctrl" ] && exit 0
		sleep 0.1
	done
	echo "root_swtpm: swtpm did not come up; its log:" >&2
	tail -n 5 "$dir/root-tpm.log" >&2 || true
	exit 1
	;;
stop)
	[ -f "$pidfile" ] || exit 0
	pid=$(cat "$pidfile")
	# swtpm's own stop does not send TPM2_Shutdown: without it, the next
	# start counts as a dictionary attack.
	tpm2_shutdown -T "swtpm:path=$sock" 2>/dev/null || true
	swtpm_ioctl --unix "$sock.ctrl" -s 2>/dev/null || kill "$pid" 2>/dev/null || true
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "root_swtpm: swtpm $pid did not stop, killing it" >&2
		kill -9 "$pid" 2>/dev/null || true
	fi
	rm -f "$pidfile" "$sock" "$sock.ctrl"
	;;
*)
	sed -n '3,11p' "$0" >&2
	exit 2
	;;
esac
