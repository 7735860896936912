#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Makes a guest's seed disk: a plain tar archive (no filesystem) of the
# files the guest's /init gives vmgate-agent, to attach as a raw virtio
# disk with serial "vmgate-seed" (docs/guests.md). The same files give the
# same bytes.
#
#   tools/guest_seed.sh DIR DISK
#
# DIR holds, as regular files:
#   ca.der ak.der tls.der      the platform CA, the guest's AK and TLS
#                              certificates (DER or PEM)
#   connect                    HOST:PORT of the gateway's attestation service
#   gateway                    the gateway's name
#   gateway-pcr23              the gateway's PCR 23 reference (64 hex digits)
#   launch.evlog               the launch event log (optional)
#   peers                      guests to ask for, one per line (optional)
set -euo pipefail

die() { echo "guest_seed: $*" >&2; exit 1; }

[ $# -eq 2 ] || die "usage: tools/guest_seed.sh DIR DISK"
dir=$1 disk=$2
[ -d "$dir" ] || die "no directory '$dir'"

required=(ca.der ak.der tls.der connect gateway gateway-pcr23)
optional=(launch.evlog peers)
members=()
for f in "${required[@]}" "${optional[@]}"; do
	if [ ! -e "$dir/$f" ]; then
		case " ${optional[*]} " in *" $f "*) continue ;; esac
		die "$dir: missing $f"
	fi
	[ -f "$dir/$f" ] && [ ! -L "$dir/$f" ] || die "$dir/$f: not a regular file"
	members+=("$f")
done
for f in "$dir"/* "$dir"/.[!.]*; do
	[ -e "$f" ] || continue
	case " ${required[*]} ${optional[*]} " in
	*" ${f##*/} "*) ;;
	*) die "$f: not a seed file (see tools/guest_seed.sh --help)" ;;
	esac
done

# The guest checks these too; catching them here gives the operator the file.
one_line() {  # one_line FILE REGEX
	[ "$(wc -l < "$dir/$1")" -le 1 ] && grep -Eqx "$2" "$dir/$1" ||
		die "$dir/$1: not one line matching $2"
}
one_line connect '(([0-9]{1,3}\.){3}[0-9]{1,3}|\[[0-9A-Fa-f:.]+\]):[0-9]{1,5}'
one_line gateway '[A-Za-z0-9][A-Za-z0-9._-]{0,62}'
one_line gateway-pcr23 '[0-9A-Fa-f]{64}'
if [ -f "$dir/peers" ]; then
	[ "$(wc -l < "$dir/peers")" -le 16 ] || die "$dir/peers: more than 16 peers"
	grep -Evx '[A-Za-z0-9][A-Za-z0-9._-]{0,62}|' "$dir/peers" > /dev/null &&
		die "$dir/peers: a line is not a guest name"
fi
for f in ca.der ak.der tls.der launch.evlog; do
	[ ! -f "$dir/$f" ] || [ "$(stat -c %s "$dir/$f")" -le 16384 ] ||
		die "$dir/$f: larger than 16384 bytes"
done

tar -C "$dir" --format=ustar --owner=0 --group=0 --numeric-owner \
	--mode=0644 --mtime=@0 -cf "$disk.new" "${members[@]}"
mv "$disk.new" "$disk"
