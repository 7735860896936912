#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Installs the Debian 12 packages that vmgate's build, tests and demo need.
# Idempotent: installs only what is missing, and needs root only then.
#
#   tools/setup.sh                 packages only
#   tools/setup.sh --hugepages N   also reserve N 2 MB hugepages and mount
#                                  hugetlbfs on /dev/hugepages (optional:
#                                  everything runs without hugepages)
set -euo pipefail

packages=(
	# build
	meson ninja-build pkg-config gcc
	libdpdk-dev libbpf-dev libwolfssl-dev libtss2-dev libconfig-dev
	libcunit1-dev libjson-c-dev libhyperscan-dev
	# eBPF filter programs: the examples and the tests' programs
	clang llvm
	# tests and demo: simulated guests in network namespaces, real traffic
	iproute2 iputils-ping netcat-openbsd jq python3 kmod
	# the mirror test reads the pcapng files the dataplane writes
	tshark
	# benchmarks and the simulated-guest test: dpdk-testpmd
	dpdk-dev
	# benchmarks: OVS-DPDK as the peer switch, the plot
	openvswitch-switch-dpdk gnuplot-nox
	# the root TPM and the guests' vTPMs where no hardware TPM is present
	swtpm swtpm-tools tpm2-tools
	# operators' keys on a PKCS#11 token in the vmmd tests (softhsm2), and
	# pkcs11-tool to make them (opensc)
	softhsm2 opensc
	# guest images (tools/guest_image.sh) and QEMU guests; openssl makes
	# the guest test's throwaway certificates
	qemu-system-x86 linux-image-amd64 busybox-static cpio openssl
	# encrypted guest data disks: qemu-img makes them, qemu-io tests them
	qemu-utils
)

hugepages=""
while [ $# -gt 0 ]; do
	case "$1" in
	--hugepages) hugepages=${2:?--hugepages needs a count}; shift 2 ;;
	-h|--help) sed -n '3,10p' "$0"; exit 0 ;;
	*) echo "setup: unknown argument '$1'" >&2; exit 2 ;;
	esac
done

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "setup: missing packages (${missing[*]}); run as root to install them" >&2
		exit 1
	fi
	echo "setup: installing ${missing[*]}"
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

if [ -n "$hugepages" ]; then
	case "$hugepages" in *[!0-9]*) echo "setup: --hugepages wants a number" >&2; exit 2 ;; esac
	echo "$hugepages" > /proc/sys/vm/nr_hugepages
	mkdir -p /dev/hugepages
	mountpoint -q /dev/hugepages || mount -t hugetlbfs nodev /dev/hugepages
	echo "setup: $(cat /proc/sys/vm/nr_hugepages) hugepages reserved"
fi
