#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# vmgate-launch takes QEMU's user and the seed directory from the guest's
# launch.user and launch.seed, as vmgate-vmmd runs it (-c FILE --guest
# NAME only, umask 077), and --user / --seed override them:
#   - from the policy: the launch directory is given to that user's group,
#     the seed disk is made from that directory, readable by QEMU's user
#     whatever the umask, and the runtime and launchers' directories are
#     0711 (passed through, never listed);
#   - a user that does not exist here is refused at launch, naming it and
#     where it came from, before anything is measured or made; --user
#     overrides it;
#   - no launch.seed and no --seed: refused, saying so; --seed overrides;
#   - as root, with no user anywhere: refused (QEMU never runs as root);
#   - a runtime directory QEMU's user cannot pass (0700): refused before
#     the seed disk, naming the directory;
#   - --seed with --create-data-disk is a usage error.
# Each launch stops at the missing vTPM (no QEMU, no TPM needed).
#   policy_user.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
launch=$build/vmm-glue/launch/vmgate-launch
. "$src/tests/checks.sh"
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root (QEMU's user is another user)"; exit 77; }
getent passwd nobody > /dev/null || { echo "SKIP: no user 'nobody'"; exit 77; }
command -v tar > /dev/null || { echo "SKIP: missing tar"; exit 77; }

tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
run=$tmp/run img=$tmp/img
mkdir -p "$img" "$tmp/seed" "$tmp/other-seed"
head -c 300000 /dev/urandom > "$img/vmlinuz"
head -c 200000 /dev/urandom > "$img/initrd.img"
cmdline="console=ttyS0 vmgate.name=web vmgate.ip=10.77.0.10/24"
sum() { sha256sum "$1" | cut -d' ' -f1; }
for d in seed other-seed; do
	for f in ca.der ak.der tls.der; do head -c 100 /dev/urandom > "$tmp/$d/$f"; done
	echo gw > "$tmp/$d/gateway"
	printf '%064d\n' 0 > "$tmp/$d/gateway-pcr23"
done
echo 10.77.0.1:7447 > "$tmp/seed/connect"
echo 10.77.0.1:9999 > "$tmp/other-seed/connect"

# policy FILE LAUNCH_KEYS: guest web, whose launch has LAUNCH_KEYS too.
policy() {
	cat > "$1" <<CONF
gateway = { name = "gw"; runtime_dir = "$run"; control_mac = "02:00:00:0e:00:01";
  control_ipv4 = "10.77.0.1/24"; };
root_tpm = { tcti = "swtpm:path=$tmp/none.sock"; state_dir = "$tmp/state"; };
guests = (
  { name = "web"; mac = "52:54:00:0e:00:0a"; ipv4 = "10.77.0.10/24";
    vhost_socket = "$run/vhost-web.sock";
    launch = { kernel = "$img/vmlinuz"; initrd = "$img/initrd.img"; cmdline = "$cmdline";
      $2 };
    measurements = { kernel = "$(sum "$img/vmlinuz")"; initrd = "$(sum "$img/initrd.img")";
      cmdline = "$(printf %s "$cmdline" | sha256sum | cut -d' ' -f1)"; }; }
);
vmm = { audit_log = "$tmp/audit.log"; };
CONF
}
policy "$tmp/ok.conf" "user = \"nobody\"; seed = \"$tmp/seed\";"
policy "$tmp/ghost.conf" "user = \"vg-no-such-user-$$\"; seed = \"$tmp/seed\";"
policy "$tmp/no-seed.conf" "user = \"nobody\";"
policy "$tmp/no-user.conf" "seed = \"$tmp/seed\";"
seed_img=$run/launch/web/seed.img
# launch CONF ARGS...: vmgate-launch as vmmd runs it (umask 077); its exit
# status, its stderr in $tmp/out.
launch() {
	local conf=$1
	shift
	(umask 077; exec "$launch" -c "$conf" --guest web "$@" 2> "$tmp/out")
}
said() { grep -qF -- "$1" "$tmp/out"; }
seed_connect() { tar -xOf "$seed_img" connect 2> /dev/null; }

# --- user and seed from the policy -------------------------------------
launch "$tmp/ok.conf"
st=$?
check "from the policy alone: measured, made, stopped at the missing vTPM (exit 1)" \
	eval '[ $st -eq 1 ] && said "measured and approved" && said "cannot reach the vTPM"'
check "  the launch directory is for the policy's user's group" \
	[ "$(stat -c '%a %U %G' "$run/launch/web")" = "710 root $(id -gn nobody)" ]
check "  the seed disk is made from launch.seed" [ "$(seed_connect)" = 10.77.0.1:7447 ]
check "  readable by QEMU's user whatever the umask (0644)" [ "$(stat -c %a "$seed_img")" = 644 ]
check "  the runtime directory is 0711 under umask 077" [ "$(stat -c %a "$run")" = 711 ]
check "  and so is the launchers' directory" [ "$(stat -c %a "$run/launch")" = 711 ]

# --- a user that does not exist ----------------------------------------
rm -rf "$run"
launch "$tmp/ghost.conf"
check "a launch.user that does not exist: refused (exit 1)" [ $? -eq 1 ]
check "  naming the user and where it came from" \
	said "guest 'web': QEMU's user 'vg-no-such-user-$$' (launch.user): no such user on this host"
check "  before anything was measured or made" \
	eval '! said "measured" && [ ! -e "$run/launch" ]'
launch "$tmp/ghost.conf" --user nobody
st=$?
check "--user overrides launch.user" eval '[ $st -eq 1 ] && said "cannot reach the vTPM"'
check "  and is the user the launch directory is for" \
	[ "$(stat -c %G "$run/launch/web")" = "$(id -gn nobody)" ]
launch "$tmp/ok.conf" --user "vg-no-such-user-$$"
check "  a --user that does not exist is named as such" \
	said "QEMU's user 'vg-no-such-user-$$' (--user): no such user on this host"

# --- the seed directory ---------------------------------------------------
rm -rf "$run"
launch "$tmp/no-seed.conf"
check "no launch.seed and no --seed: refused (exit 1)" [ $? -eq 1 ]
check "  saying so" said "guest 'web' has no launch.seed in the policy: give --seed DIR"
check "  nothing was made" [ ! -e "$seed_img" ]
launch "$tmp/ok.conf" --seed "$tmp/other-seed"
st=$?
check "--seed overrides launch.seed" eval '[ $st -eq 1 ] && [ "$(seed_connect)" = 10.77.0.1:9999 ]'

# --- no user at all, as root --------------------------------------------
launch "$tmp/no-user.conf"
check "no launch.user and no --user, as root: refused (exit 1)" [ $? -eq 1 ]
check "  saying QEMU never runs as root" \
	said "refusing to run QEMU as root: guest 'web' has no launch.user in the policy"

# --- a runtime directory QEMU's user cannot pass -------------------------
rm -rf "$run"
mkdir -m 0700 "$run"
launch "$tmp/ok.conf"
check "a runtime directory of mode 0700: refused (exit 1)" [ $? -eq 1 ]
check "  naming it and its mode" said "cannot enter $run (mode 0700, owner 0:0)"
check "  before the seed disk" [ ! -e "$seed_img" ]

launch "$tmp/ok.conf" --seed "$tmp/seed" --create-data-disk 4M
st=$?
check "--seed with --create-data-disk: a usage error (exit 1)" \
	eval '[ $st -eq 1 ] && grep -q "^usage:" "$tmp/out"'
checks_summary "vmm-launch-policy-user"
