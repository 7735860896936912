#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The guest image under QEMU, with the command line the launcher uses (see
# docs/guests.md). Proves: the image builder gives the same bytes twice,
# every entry owned by root with one fixed mtime; a guest boots it with an
# swtpm vTPM, a TAP in a namespace and a seed disk, loads its modules, has
# eth0 at its command line's address (the namespace pings it), sees a
# TPM 2.0, and its vmgate-agent sends a TLS ClientHello to the connect
# address of the seed disk; a seed disk with a symlink in it stops the guest
# before any agent runs, and a malformed vmgate.test (the test hook's
# actions) before anything else; an agent that exits is restarted with a growing
# backoff, and vmgate.poweroff powers the guest off cleanly.
# KVM is used only where it works; otherwise TCG, and the test says so.
#   guest_boot.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
agent=$build/authd/vmgate-agent

skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces, TAP devices, the kernel in /boot)"
[ -c /dev/net/tun ] || skip "no /dev/net/tun"
command -v qemu-system-x86_64 > /dev/null ||
	skip "QEMU is not installed (tools/setup.sh installs qemu-system-x86)"
qemu-system-x86_64 -version > /dev/null 2>&1 || skip "qemu-system-x86_64 does not run here"
for t in ip nc ping od swtpm openssl cpio gzip tar modinfo; do
	command -v "$t" > /dev/null || skip "missing $t (tools/setup.sh installs it)"
done
ls /boot/vmlinuz-* > /dev/null 2>&1 ||
	skip "no Debian kernel in /boot (tools/setup.sh installs linux-image-amd64)"
[ -x /bin/busybox ] || skip "no /bin/busybox (tools/setup.sh installs busybox-static)"

tmp=$(mktemp -d)
ns=vgvmm$$
. "$src/tests/checks.sh"
qemu_pid="" swtpm_pid="" nc_pid=""

stop_pid() {  # stop_pid PID: TERM, then KILL after 5 s; reaped
	[ -n "$1" ] || return 0
	kill "$1" 2> /dev/null
	for _ in $(seq 50); do kill -0 "$1" 2> /dev/null || break; sleep 0.1; done
	kill -9 "$1" 2> /dev/null
	wait "$1" 2> /dev/null
}
cleanup() {
	stop_pid "$qemu_pid"
	stop_pid "$nc_pid"
	stop_pid "$swtpm_pid"
	ip netns del "$ns" 2> /dev/null
	[ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT

# wait_until SECONDS CMD...: CMD succeeds within SECONDS.
wait_until() {
	local until=$(( $(date +%s) + $1 ))
	shift
	while [ "$(date +%s)" -le "$until" ]; do "$@" && return 0; sleep 0.5; done
	return 1
}
said() { grep -aqF -- "$2" "$tmp/$1.serial" 2> /dev/null; }  # said BOOT TEXT
exited() { ! kill -0 "$qemu_pid" 2> /dev/null; }
quiet() { "$@" > /dev/null 2>&1; }

# --- The image, built twice: the same bytes, whatever the clock and umask.
"$src/tools/guest_image.sh" --agent "$agent" "$tmp/img1" > "$tmp/build1.out" 2>&1 ||
	{ cat "$tmp/build1.out"; exit 1; }
sleep 1
(umask 077 && "$src/tools/guest_image.sh" --agent "$agent" "$tmp/img2") > "$tmp/build2.out" 2>&1 ||
	{ cat "$tmp/build2.out"; exit 1; }
img=$tmp/img1
gzip -dc "$img/initrd.img" | LC_ALL=C TZ=UTC cpio -itv --quiet > "$tmp/listing" 2> /dev/null
check "the initrd is the same bytes when built twice" cmp -s "$img/initrd.img" "$tmp/img2/initrd.img"
check "the kernel is Debian's, copied unchanged" cmp -s "$img/vmlinuz" "$tmp/img2/vmlinuz"
check "every initrd entry is root's, dated 1970-01-01" \
	fails grep -v -E '^[-dl][rwx-]{9} +[0-9]+ root +root .* Jan  1  1970 ' "$tmp/listing"
for f in init bin/busybox bin/vmgate-agent lib/x86_64-linux-gnu/libtss2-tcti-device.so.0 \
	lib/x86_64-linux-gnu/libwolfssl.so.35 lib/modules/load.order; do
	check "the initrd holds $f" grep -qE " $f( |$)" "$tmp/listing"
done
for m in virtio_pci virtio_net virtio_blk; do
	check "the image loads $m" grep -qx "$m" "$img/modules"
done
check "a dependency loads before its user (virtio_ring before virtio_net)" \
	[ "$(grep -nx virtio_ring "$img/modules" | cut -d: -f1)" -lt \
	  "$(grep -nx virtio_net "$img/modules" | cut -d: -f1)" ]
check "the builder refuses a missing agent" \
	fails "$src/tools/guest_image.sh" --agent "$tmp/none" "$tmp/img3"

# --- Seed disks: certificates from a throwaway CA (the agent needs real
# P-256 certificates to get as far as its ClientHello).
mkdir -p "$tmp/seed" "$tmp/pki"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
	-subj /CN=test-ca -keyout "$tmp/pki/ca.key" -outform DER -out "$tmp/seed/ca.der" 2> /dev/null &&
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=web \
	-keyout "$tmp/pki/tls.key" -out "$tmp/pki/tls.csr" 2> /dev/null &&
openssl x509 -req -in "$tmp/pki/tls.csr" -CA "$tmp/seed/ca.der" -CAform DER \
	-CAkey "$tmp/pki/ca.key" -days 2 -outform DER -out "$tmp/seed/tls.der" 2> /dev/null ||
	{ echo "cannot make test certificates"; exit 1; }
cp "$tmp/seed/tls.der" "$tmp/seed/ak.der"
echo 10.77.0.1:7447 > "$tmp/seed/connect"
echo gw > "$tmp/seed/gateway"
printf '%064d\n' 0 > "$tmp/seed/gateway-pcr23"
printf 'db\nweb2\n' > "$tmp/seed/peers"
"$src/tools/guest_seed.sh" "$tmp/seed" "$tmp/seed.img" || exit 1

# A gateway entry that is a symlink: the seed tool refuses to make it, so
# the disk is made by hand, as a hostile host would.
cp -r "$tmp/seed" "$tmp/seed-link"
rm "$tmp/seed-link/gateway"
ln -s /proc/cmdline "$tmp/seed-link/gateway"
check "the seed tool refuses a symlink" \
	fails "$src/tools/guest_seed.sh" "$tmp/seed-link" "$tmp/seed-link.img"
tar -C "$tmp/seed-link" -cf "$tmp/seed-link.img" ca.der ak.der tls.der connect gateway gateway-pcr23
# A TLS certificate that is not one: the agent exits at start.
cp -r "$tmp/seed" "$tmp/seed-bad"
echo "not a certificate" > "$tmp/seed-bad/tls.der"
"$src/tools/guest_seed.sh" "$tmp/seed-bad" "$tmp/seed-bad.img" || exit 1
truncate -s 1M "$tmp/disk.img"

# --- The host side: a namespace with the guest's TAP, and a listener at
# the connect address that keeps what the guest sends.
ip netns add "$ns" || exit 1
ip -n "$ns" link set lo up &&
ip -n "$ns" tuntap add dev vgtap0 mode tap &&
ip -n "$ns" addr add 10.77.0.1/24 dev vgtap0 &&
ip -n "$ns" link set vgtap0 up || exit 1

# KVM only where it can run a stock kernel: a vmx or svm flag and a
# /dev/kvm that opens (some hosts have a software hypervisor behind
# /dev/kvm, under which Debian's kernel hangs). TCG with vhost-user and
# MSI-X crashes QEMU 7.2: no MSI-X vectors there.
if grep -qwE 'vmx|svm' /proc/cpuinfo && { : <> /dev/kvm; } 2> /dev/null; then
	accel=(-accel kvm -cpu host) vectors=""
	echo "vmm: running under KVM"
else
	accel=(-accel tcg) vectors=",vectors=0"
	echo "vmm: WARNING: no usable KVM (no vmx/svm in /proc/cpuinfo or /dev/kvm does not open): running under TCG"
fi

# boot NAME SEED [CMDLINE...]: an swtpm, then QEMU in the namespace, the
# serial console in $tmp/NAME.serial. Sets swtpm_pid and qemu_pid.
boot() {
	local name=$1 seed=$2
	shift 2
	rm -rf "$tmp/tpm" && mkdir "$tmp/tpm"
	swtpm socket --tpm2 --tpmstate dir="$tmp/tpm" --ctrl type=unixio,path="$tmp/tpm.ctrl" \
		--terminate --log file="$tmp/$name.swtpm.log" &
	swtpm_pid=$!
	wait_until 5 test -S "$tmp/tpm.ctrl" || return 1
	ip netns exec "$ns" qemu-system-x86_64 \
		-nodefaults -no-user-config -nographic \
		-machine q35 "${accel[@]}" -smp 1 -m 256 \
		-object memory-backend-memfd,id=mem,size=256M,share=on -numa node,memdev=mem \
		-kernel "$img/vmlinuz" -initrd "$img/initrd.img" \
		-append "console=ttyS0 quiet panic=-1 vmgate.name=web vmgate.ip=10.77.0.10/24 vmgate.gw=10.77.0.1 $*" \
		-serial file:"$tmp/$name.serial" \
		-chardev socket,id=chrtpm,path="$tmp/tpm.ctrl" \
		-tpmdev emulator,id=tpm0,chardev=chrtpm -device tpm-tis,tpmdev=tpm0 \
		-netdev tap,id=n0,ifname=vgtap0,script=no,downscript=no \
		-device virtio-net-pci,netdev=n0,mac=52:54:00:77:00:0a,romfile=$vectors \
		-drive file="$tmp/disk.img",format=raw,if=none,id=disk,readonly=on \
		-device virtio-blk-pci,drive=disk \
		-drive file="$seed",format=raw,if=none,id=seed,readonly=on \
		-device virtio-blk-pci,drive=seed,serial=vmgate-seed \
		-sandbox on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny \
		-no-reboot < /dev/null > "$tmp/$name.qemu" 2>&1 &
	qemu_pid=$!
	booted_at=$(date +%s)
}
stop_guest() {
	stop_pid "$qemu_pid"
	qemu_pid=""
	stop_pid "$swtpm_pid"
	swtpm_pid=""
}
show() {  # on failure, what the guest said
	[ "$fail" -eq 0 ] || { echo "--- $1: serial"; tail -n 40 "$tmp/$1.serial"; cat "$tmp/$1.qemu"; }
}
client_hello() {  # a TLS handshake record whose first message is a ClientHello
	od -An -tx1 -N6 "$tmp/hello.bin" 2> /dev/null | tr -d ' \n' | grep -qE '^1603[0-9a-f]{6}01$'
}

# --- A good guest.
ip netns exec "$ns" nc -l -n 10.77.0.1 7447 < /dev/null > "$tmp/hello.bin" 2> /dev/null &
nc_pid=$!
boot good "$tmp/seed.img" || { echo "swtpm did not start"; exit 1; }
check "the guest boots to its agent" wait_until 90 said good "vmgate-guest: starting vmgate-agent"
echo "vmm: booted to the agent in $(( $(date +%s) - booted_at )) s"
for m in $(cat "$img/modules"); do
	check "module $m loaded" said good "vmgate-guest: loaded module $m"
done
check "eth0 has the command line's address" said good "vmgate-guest: eth0 up: 10.77.0.10/24 via 10.77.0.1"
check "the namespace pings the guest" \
	wait_until 20 quiet ip netns exec "$ns" ping -c 1 -W 1 10.77.0.10
check "the guest has a TPM 2.0 device" said good "vmgate-guest: TPM 2.0 at /dev/tpmrm0"
check "the seed disk is read" said good "vmgate-guest: seed disk /dev/vdb: gateway gw at 10.77.0.1:7447, peers: db web2"
check "the agent sends a TLS ClientHello to the connect address" wait_until 30 client_hello
check "QEMU stops on SIGTERM" kill "$qemu_pid"
check "and is gone within 5 s" wait_until 5 exited
show good
stop_guest

# --- A seed disk with a symlink: refused before any agent runs.
boot link "$tmp/seed-link.img" || exit 1
check "a seed with a symlink stops the guest" wait_until 90 exited
check "and the console says why" said link "vmgate-guest: fatal: seed disk: refused entry 'gateway'"
check "and no agent started" fails said link "starting vmgate-agent"
check "and it powered off" said link "vmgate-guest: powering off"
show link
stop_guest

# --- A malformed test action on the command line: refused before anything runs.
boot badtest "$tmp/seed.img" vmgate.test=listen:8080,listen:0 || exit 1
check "a malformed vmgate.test stops the guest" wait_until 90 exited
check "and the console says why" \
	said badtest "vmgate-guest: fatal: vmgate.test: malformed action 'listen:0'"
check "and no module was loaded, no agent started" \
	fails grep -aqE "loaded module|starting vmgate-agent" "$tmp/badtest.serial"
show badtest
stop_guest

# --- An agent that cannot start: restarted, backing off; then a clean
# power off on the command line's request.
boot restart "$tmp/seed-bad.img" vmgate.poweroff=8 || exit 1
check "a guest with vmgate.poweroff powers off by itself" wait_until 90 exited
check "an exited agent is restarted after 1 s" said restart "vmgate-agent exited (status 1), restarting in 1s"
check "then after 2 s" said restart "vmgate-agent exited (status 1), restarting in 2s"
check "the power off was the command line's" said restart "vmgate-guest: power off requested (vmgate.poweroff=8)"
check "and clean" said restart "vmgate-guest: powering off"
show restart
stop_guest

checks_summary vmm
