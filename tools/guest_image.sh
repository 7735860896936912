#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Builds a guest image from Debian packages (linux-image-amd64,
# busybox-static): OUTDIR/vmlinuz, Debian's kernel, and OUTDIR/initrd.img, a
# busybox initramfs with the kernel modules the guest needs, vmgate-agent
# with its shared libraries, and /init (tools/guest_image/init). Also writes
# OUTDIR/SHA256SUMS and OUTDIR/modules (the load order).
#
# The initrd is reproducible: the same inputs give the same bytes (entries
# sorted, owner root, one fixed mtime, gzip without name or time), because
# its SHA-256 is the guest's approved measurement.
#
#   tools/guest_image.sh [--agent FILE] [--kernel VERSION] OUTDIR
#     --agent FILE      vmgate-agent to include (default: build/authd/vmgate-agent)
#     --kernel VERSION  kernel of /boot and /lib/modules (default: the newest
#                       one that has both)
# SOURCE_DATE_EPOCH, when set, is the mtime of every entry (default 0).
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
agent=$src/build/authd/vmgate-agent
kver=""
# The devices the launcher gives a guest: virtio-net and virtio-blk on PCI,
# a TPM on TIS or CRB. Dependencies are resolved from modules.dep below;
# drivers built into the kernel need nothing.
wanted_modules=(virtio_pci virtio_net virtio_blk tpm_tis tpm_crb)

die() { echo "guest_image: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
	case "$1" in
	--agent) agent=${2:?--agent needs a file}; shift 2 ;;
	--kernel) kver=${2:?--kernel needs a version}; shift 2 ;;
	-h|--help) sed -n '3,17p' "$0"; exit 0 ;;
	-*) die "unknown option '$1'" ;;
	*) break ;;
	esac
done
[ $# -eq 1 ] || die "usage: tools/guest_image.sh [--agent FILE] [--kernel VERSION] OUTDIR"
out=$1

for t in modinfo ldd cpio gzip sha256sum; do
	command -v "$t" > /dev/null || die "missing $t (tools/setup.sh installs it)"
done
busybox=/bin/busybox
# (No "| grep -q" under pipefail: grep leaving early is a SIGPIPE.)
applets=$("$busybox" --list 2> /dev/null || true)
grep -qx insmod <<< "$applets" || die "no static busybox at $busybox (install busybox-static)"
case "$(ldd "$busybox" 2>&1 || true)" in *"not a dynamic executable"*) ;; *) false ;; esac ||
	die "$busybox is dynamically linked (install busybox-static)"
[ -f "$agent" ] && [ -x "$agent" ] || die "no vmgate-agent at '$agent' (build first, or --agent FILE)"

# The kernel: the newest /boot/vmlinuz-V with its /lib/modules/V.
if [ -z "$kver" ]; then
	kver=$(for k in /boot/vmlinuz-*; do
		v=${k#/boot/vmlinuz-}
		if [ -f "/lib/modules/$v/modules.dep" ]; then echo "$v"; fi
	done | sort -V | tail -n 1)
	[ -n "$kver" ] || die "no kernel in /boot with its modules (install linux-image-amd64)"
fi
case "$kver" in */*|'') die "bad kernel version '$kver'" ;; esac
kernel=/boot/vmlinuz-$kver
[ -f "$kernel" ] || die "no $kernel"
[ -r "$kernel" ] || die "cannot read $kernel (Debian keeps it root-only: run as root)"
[ -f "/lib/modules/$kver/modules.dep" ] || die "no modules for $kver in /lib/modules"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,lib/modules,lib/x86_64-linux-gnu,lib64,proc,run,seed,sys,tmp}

# Modules in load order: every dependency before what needs it.
order=()
declare -A seen=()
add_module() {
	local m=$1 file deps d
	[ -z "${seen[$m]:-}" ] || return 0
	seen[$m]=1
	file=$(modinfo -k "$kver" -F filename "$m" 2> /dev/null) ||
		die "kernel $kver has no module '$m'"
	case "$file" in "(builtin)"|"") return 0 ;; esac
	deps=$(modinfo -k "$kver" -F depends "$m")
	for d in ${deps//,/ }; do add_module "$d"; done
	case "$file" in
	*.ko) cp "$file" "$stage/lib/modules/$m.ko" ;;
	*.ko.xz) xz -dc "$file" > "$stage/lib/modules/$m.ko" ;;
	*.ko.zst) zstd -qdc "$file" > "$stage/lib/modules/$m.ko" ;;
	*) die "module '$m': cannot unpack $file" ;;
	esac
	order+=("$m")
}
for m in "${wanted_modules[@]}"; do add_module "$m"; done
printf '%s\n' "${order[@]}" > "$stage/lib/modules/load.order"

# busybox makes its applets' links at boot; /bin/sh must exist for /init.
cp "$busybox" "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
cp "$src/tools/guest_image/init" "$stage/init"
# Inert unless a guest's (measured) command line has vmgate.test=.
cp "$src/tools/guest_image/test_hook" "$stage/bin/vmgate-test"
cp "$agent" "$stage/bin/vmgate-agent"

# Shared libraries of the agent, and of the TCTI that tctildr opens at
# run time for "device:" (ldd cannot see a dlopen).
copy_libs() {
	local line soname path
	while read -r line; do
		case "$line" in
		*"=> not found"*) die "$1: missing library: ${line%% *}" ;;
		*" => /"*) soname=${line%% *}; path=${line#* => }; path=${path%% (*}
			cp -L "$path" "$stage/lib/x86_64-linux-gnu/$soname" ;;
		/*ld-linux*) path=${line%% (*}
			mkdir -p "$stage/$(dirname "$path")"
			cp -L "$path" "$stage/$path" ;;
		esac
	done < <(ldd "$1")
}
tcti=$(ldconfig -p | awk '$1 == "libtss2-tcti-device.so.0" && !p { print $NF; p = 1 }')
[ -n "$tcti" ] || die "no libtss2-tcti-device.so.0 (install libtss2-tcti-device0)"
cp -L "$tcti" "$stage/lib/x86_64-linux-gnu/libtss2-tcti-device.so.0"
copy_libs "$agent"
copy_libs "$tcti"

# Fixed modes and times, whatever the umask and the clock said.
find "$stage" -type d -exec chmod 0755 {} +
find "$stage" -type f -exec chmod 0644 {} +
chmod 0755 "$stage/init" "$stage/bin/busybox" "$stage/bin/vmgate-agent" "$stage/bin/vmgate-test" \
	"$stage"/lib/x86_64-linux-gnu/* "$stage"/lib64/*
find "$stage" -exec touch -h -d "@${SOURCE_DATE_EPOCH:-0}" {} +

mkdir -p "$out"
(cd "$stage" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort |
	cpio -o -H newc --reproducible -R 0:0 --quiet) | gzip -n -9 > "$out/initrd.img.new"
mv "$out/initrd.img.new" "$out/initrd.img"
cp "$kernel" "$out/vmlinuz"
printf '%s\n' "${order[@]}" > "$out/modules"
(cd "$out" && sha256sum vmlinuz initrd.img > SHA256SUMS)
echo "guest_image: kernel $kver, modules ${order[*]}"
sed 's/^/guest_image: sha256 /' "$out/SHA256SUMS"
