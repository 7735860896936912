/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vmgate-launch -c FILE --guest NAME [--seed DIR] [--user USER] [--console FILE]
 * vmgate-launch -c FILE --guest NAME --create-data-disk SIZE [--user USER]
 *
 * QEMU's user and the seed directory come from the guest's launch.user and
 * launch.seed (vmgate-vmmd gives only -c and --guest); --user and --seed
 * override them.
 *
 * Launches one guest of the policy, measured (launch.h has the steps), in
 * the foreground; logs on stderr. Exit status: QEMU's (128 + signal when a
 * signal ended it), 3 once SIGUSR1 saved the guest (save_out.c), 2 when
 * the launch was refused (a part not approved, or vtpmd refused the data
 * disk key), 1 for any other failure before or around QEMU; a saved guest
 * is resumed by its next launch (save_in.c). --create-data-disk goes through the same steps up to the
 * key, then makes the guest's LUKS data disk instead of starting QEMU.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit_log.h"
#include "ctl_dirs.h"
#include "hex.h"
#include "launch.h"

#define EXIT_REFUSED 2
#define ARGV_MAX 64

struct opts {
	const char *config, *guest, *seed, *user, *console, *create_size;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: vmgate-launch [-c FILE] --guest NAME [--seed DIR] [--user USER] "
		"[--console FILE]\n"
		"       vmgate-launch [-c FILE] --guest NAME --create-data-disk SIZE [--user USER]\n"
		"  -c FILE          the policy (default " VG_DEFAULT_CONFIG ")\n"
		"  --guest NAME     the guest to launch, measured\n"
		"  --seed DIR       the agent's files for the seed disk (ca.der, ak.der, tls.der,\n"
		"                   connect, gateway, gateway-pcr23, peers); the launch\n"
		"                   event log is added (default: the guest's launch.seed)\n"
		"  --user USER      QEMU's user (default: the guest's launch.user; required\n"
		"                   one way or the other when run as root)\n"
		"  --console FILE   the guest's serial console (default: in the runtime directory)\n"
		"  --create-data-disk SIZE  make the guest's launch.data_disk, a LUKS image of\n"
		"                   SIZE (e.g. 8G) keyed by vtpmd after the measured steps, for USER\n");
}

/* QEMU's user: --user, else the guest's launch.user, else the caller
 * when that is not root. 0, -EPERM (root and none named) or -EINVAL (no
 * such user, or uid 0). */
static int resolve_user(const char *name, struct launch *l)
{
	const char *from = name ? "--user" : "launch.user";
	struct passwd *pw;

	if (!name)
		name = l->guest->launch.user;
	if (!name) {
		if (geteuid() == 0) {
			LAUNCH_LOG("refusing to run QEMU as root: guest '%s' has no launch.user "
				   "in the policy; give --user USER", l->guest->name);
			return -EPERM;
		}
		l->uid = geteuid();
		l->gid = getegid();
		return 0;
	}
	pw = getpwnam(name);
	if (!pw || pw->pw_uid == 0) {
		LAUNCH_LOG("guest '%s': QEMU's user '%s' (%s): %s", l->guest->name, name, from,
			   pw ? "has uid 0; QEMU runs as an unprivileged user"
			      : "no such user on this host");
		return -EINVAL;
	}
	l->uid = pw->pw_uid;
	l->gid = pw->pw_gid;
	return 0;
}

/* The guest's vTPM, as vtpmd serves it: <runtime_dir>/vtpm/NAME.sock and
 * its control socket. Needed before QEMU's directories: a guest with a
 * data disk uses its vTPM before QEMU starts. */
static int vtpm_paths(struct launch *l)
{
	const char *rt = l->cfg->gateway.runtime_dir, *name = l->guest->name;

	if ((size_t)snprintf(l->tpm_data, sizeof(l->tpm_data), "%s/vtpm/%s.sock", rt, name) >=
		    sizeof(l->tpm_data) ||
	    (size_t)snprintf(l->tpm_ctrl, sizeof(l->tpm_ctrl), "%s.ctrl", l->tpm_data) >=
		    sizeof(l->tpm_ctrl)) {
		LAUNCH_LOG("the runtime directory '%s' is too long a path", rt);
		return -ENAMETOOLONG;
	}
	return 0;
}

/* <runtime_dir>/launch/NAME, which QEMU's user may enter (to reach the TPM
 * socket) but not list or change; and the paths in it and of the vTPM.
 * The runtime directory and <runtime_dir>/launch are 0711: every guest's
 * QEMU passes through, none lists them (the umask, 077 under vmmd, must
 * not narrow them). */
static int make_dirs(struct launch *l)
{
	const char *rt = l->cfg->gateway.runtime_dir, *name = l->guest->name;
	char top[PATH_MAX];
	int r;

	snprintf(top, sizeof(top), "%s/launch", rt);
	if ((size_t)snprintf(l->dir, sizeof(l->dir), "%s/%s", top, name) >= sizeof(l->dir) ||
	    (size_t)snprintf(l->proxy_path, sizeof(l->proxy_path), "%s/tpm.sock", l->dir) >=
		    sizeof(l->proxy_path) ||
	    (size_t)snprintf(l->seed_path, sizeof(l->seed_path), "%s/seed.img", l->dir) >=
		    sizeof(l->seed_path)) {
		LAUNCH_LOG("the runtime directory '%s' is too long a path", rt);
		return -ENAMETOOLONG;
	}
	if ((r = ctl_make_runtime_dir(rt)) < 0) {
		LAUNCH_LOG("cannot make the runtime directory %s: %s", rt, strerror(-r));
		return r;
	}
	if ((mkdir(top, 0711) < 0 && errno != EEXIST) || chmod(top, 0711) < 0 ||
	    (mkdir(l->dir, 0710) < 0 && errno != EEXIST) || chmod(l->dir, 0710) < 0 ||
	    chown(l->dir, geteuid(), l->gid) < 0) {
		LAUNCH_LOG("cannot make %s: %s", l->dir, strerror(errno));
		return -errno;
	}
	return launch_dir_reachable(l->dir, l->uid, l->gid);
}

/* The guest's vhost-user socket, when QEMU is its server (the dataplane
 * its client, the default): QEMU makes it in a directory of its own user,
 * and the policy's vhost_socket becomes a link to it, so QEMU's user needs
 * no right where the policy puts the socket. */
static int vhost_link(struct launch *l)
{
	const char *path = l->guest->vhost_socket;
	char qdir[PATH_MAX];
	struct stat st;

	l->vhost_path[0] = 0;
	if (l->guest->vhost_mode == VG_VHOST_SERVER)
		return 0;       /* the dataplane listens; QEMU connects */
	if ((size_t)snprintf(qdir, sizeof(qdir), "%s/qemu", l->dir) >= sizeof(qdir) ||
	    (size_t)snprintf(l->vhost_path, sizeof(l->vhost_path), "%s/vhost.sock", qdir) >=
	    sizeof(l->vhost_path))
		return -ENAMETOOLONG;
	if ((mkdir(qdir, 0700) < 0 && errno != EEXIST) || chown(qdir, l->uid, l->gid) < 0 ||
	    chmod(qdir, 0700) < 0) {
		LAUNCH_LOG("cannot make %s: %s", qdir, strerror(errno));
		return -errno;
	}
	unlink(l->vhost_path);
	/* Replace only what a launch or a dataplane left: a link or a socket. */
	if (lstat(path, &st) == 0 && (S_ISLNK(st.st_mode) || S_ISSOCK(st.st_mode)))
		unlink(path);
	if (symlink(l->vhost_path, path) < 0) {
		LAUNCH_LOG("cannot link the vhost-user socket %s: %s", path, strerror(errno));
		return -errno;
	}
	return 0;
}

/* "kernel <hex>, cmdline <hex>, ...": the audit detail of a launch. */
static void digests_detail(const struct launch *l, char *buf, size_t size)
{
	char hex[2 * EVLOG_DIGEST_LEN + 1];
	size_t used = 0;

	buf[0] = 0;
	for (size_t i = 0; i < l->n_parts && used < size; i++) {
		vg_hex_encode(l->parts[i].digest, EVLOG_DIGEST_LEN, hex);
		used += (size_t)snprintf(buf + used, size - used, "%s%s %s", i ? ", " : "",
					 evlog_part_name(l->parts[i].part), hex);
	}
}

/* The data disk's key, for a guest that has one: the measurements go into
 * its reset vTPM, then vtpmd decides. 0 and key, EXIT_REFUSED when vtpmd
 * refused, or 1; refusals and failures are audited. */
static int unlock_data_disk(struct launch *l, char key[LAUNCH_DISK_KEY_HEX + 1])
{
	char why[512], detail[VG_AUDIT_DETAIL_MAX];
	int r = l->data_disk_new ? 0 : data_disk_open(l);

	if (r < 0) {
		launch_audit(l, VG_AUDIT_FAILED, "the data disk cannot be attached encrypted");
		return 1;
	}
	r = tpm_prelaunch_extend(l);
	if (r < 0) {
		launch_audit(l, VG_AUDIT_FAILED, "disk key: cannot extend the launch into the vTPM");
		return 1;
	}
	r = disk_key_fetch(l, key, why, sizeof(why));
	if (r == 0)
		return 0;
	snprintf(detail, sizeof(detail), "disk key: %s", why);
	if (r == -EACCES) {
		LAUNCH_LOG("guest '%s' refused: vmgate-vtpmd did not release its disk key: %s",
			   l->guest->name, why);
		launch_audit(l, VG_AUDIT_REFUSED, detail);
		return EXIT_REFUSED;
	}
	LAUNCH_LOG("guest '%s': no disk key: %s", l->guest->name, why);
	launch_audit(l, VG_AUDIT_FAILED, detail);
	return 1;
}

/* Steps 1 and 2: measure, judge, and for a guest with a data disk, its
 * key; then the audit entry of the approved launch. 0 (and key when the
 * guest has a data disk), EXIT_REFUSED or 1. */
static int measure_and_judge(struct launch *l, char key[LAUNCH_DISK_KEY_HEX + 1])
{
	char why[512], detail[VG_AUDIT_DETAIL_MAX];
	int r = launch_measure(l);

	if (r < 0) {
		launch_audit(l, VG_AUDIT_FAILED, "cannot read a launch part");
		return 1;
	}
	if (launch_approve(l, why, sizeof(why)) < 0) {
		LAUNCH_LOG("guest '%s' refused: %s", l->guest->name, why);
		launch_audit(l, VG_AUDIT_REFUSED, why);
		return EXIT_REFUSED;
	}
	digests_detail(l, detail, sizeof(detail));
	LAUNCH_LOG("guest '%s' measured and approved: %s", l->guest->name, detail);
	if (l->guest->launch.data_disk && (r = unlock_data_disk(l, key)) != 0)
		return r;
	if (l->guest->launch.data_disk)
		snprintf(detail + strlen(detail), sizeof(detail) - strlen(detail),
			 ", disk key released");
	/* An unaudited launch does not happen. */
	return launch_audit(l, VG_AUDIT_OK, detail) < 0 ? 1 : 0;
}

/* The launcher's monitor socket pair, and, when the guest was saved, the
 * saved state to resume it from (*in). 0 or a negative errno; a save that
 * is there but cannot be used is audited and fails the launch (it is not
 * booted afresh over it: the operator decides). */
static int qemu_prepare(struct launch *l, struct save_in **in)
{
	int sp[2], r;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) < 0)
		return -errno;
	l->qmp_fd = sp[0];
	l->qmp_qemu_fd = sp[1];
	*in = save_in_open(l, &r);
	if (*in || r == -ENOENT)
		return 0;
	launch_audit(l, VG_AUDIT_FAILED, "restore: its save cannot be used");
	return r;
}

/* Steps 3 and 4: the seed disk, the data disk, QEMU's command line, then
 * QEMU. */
static int start(struct launch *l, const struct opts *o, char *key)
{
	static char buf[16384];
	const char *argv[ARGV_MAX];
	char console[PATH_MAX];
	bool kvm = qemu_kvm_usable();
	struct save_in *in = NULL;
	int con, r;

	if (make_dirs(l) < 0 || seed_disk_write(o->seed, &l->log, l->seed_path) < 0)
		return 1;
	l->seed_fd = open(l->seed_path, O_RDONLY | O_CLOEXEC);
	if (l->seed_fd < 0 || vhost_link(l) < 0)
		return 1;
	if (l->guest->launch.data_disk) {
		r = data_disk_key_pipe(l, key);
		/* The pipe holds it now; the launcher outlives the guest. */
		explicit_bzero(key, LAUNCH_DISK_KEY_HEX);
		if (r < 0)
			return 1;
	}
	if ((size_t)snprintf(console, sizeof(console), "%s%s", o->console ? o->console : l->dir,
			     o->console ? "" : "/console.log") >= sizeof(console))
		return 1;
	con = open(console, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0640);
	if (con < 0) {
		LAUNCH_LOG("cannot open the console file '%s': %s", console, strerror(errno));
		return 1;
	}
	if (!kvm)
		LAUNCH_LOG("WARNING: no usable KVM (no vmx/svm flag, or /dev/kvm does not open): "
			   "guest '%s' runs under TCG, slowly", l->guest->name);
	r = qemu_prepare(l, &in);
	if (r == 0) {
		r = qemu_cmdline(l, kvm, argv, ARGV_MAX, buf, sizeof(buf));
		if (r < 0)
			LAUNCH_LOG("cannot make QEMU's command line: %s", strerror(-r));
	}
	r = r < 0 ? 1 : qemu_run(l, argv, con, in);
	save_in_free(in);
	close(con);
	return r;
}

/* --create-data-disk: the measured steps up to the key, then the LUKS
 * image; audited as "guest.data_disk.create". 0, EXIT_REFUSED or 1. */
static int create_data_disk(struct launch *l, const struct opts *o, char *key)
{
	struct stat st;
	int r;

	l->action = "guest.data_disk.create";
	l->data_disk_new = true;
	if (!l->guest->launch.data_disk) {
		LAUNCH_LOG("guest '%s' has no launch.data_disk in the policy", l->guest->name);
		return 1;
	}
	/* Refused before the vTPM is touched: an existing disk is never replaced. */
	if (lstat(l->guest->launch.data_disk, &st) == 0) {
		LAUNCH_LOG("the data disk '%s' exists (it is never overwritten)",
			   l->guest->launch.data_disk);
		return 1;
	}
	if ((r = measure_and_judge(l, key)) != 0)
		return r;
	r = data_disk_create(l, key, o->create_size);
	if (r < 0)
		launch_audit(l, VG_AUDIT_FAILED, "cannot create the data disk");
	return r < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "guest", required_argument, NULL, 'g' },
		{ "seed", required_argument, NULL, 's' },
		{ "user", required_argument, NULL, 'u' },
		{ "console", required_argument, NULL, 'o' },
		{ "create-data-disk", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { .config = VG_DEFAULT_CONFIG };
	static struct launch l = { .seed_fd = -1, .data_fd = -1, .key_fd = -1, .qmp_fd = -1,
				    .qmp_qemu_fd = -1, .incoming_fd = -1 };
	char key[LAUNCH_DISK_KEY_HEX + 1] = "";
	int c, r;

	while ((c = getopt_long(argc, argv, "c:h", long_opts, NULL)) != -1) {
		switch (c) {
		case 'c': o.config = optarg; break;
		case 'g': o.guest = optarg; break;
		case 's': o.seed = optarg; break;
		case 'u': o.user = optarg; break;
		case 'o': o.console = optarg; break;
		case 'd': o.create_size = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 1;
		}
	}
	if (optind < argc || !o.guest || (o.seed && o.create_size)) {
		usage(stderr);
		return 1;
	}
	l.cfg = vg_config_load_or_report(o.config, stderr);
	if (!l.cfg)
		return 1;
	l.guest = vg_config_guest(l.cfg, o.guest);
	if (!l.guest) {
		LAUNCH_LOG("%s: no guest named '%s'", o.config, o.guest);
		r = 1;
	} else if (resolve_user(o.user, &l) < 0 || vtpm_paths(&l) < 0) {
		r = 1;
	} else if (!o.create_size && !(o.seed = o.seed ? o.seed : l.guest->launch.seed)) {
		LAUNCH_LOG("guest '%s' has no launch.seed in the policy: give --seed DIR",
			   o.guest);
		r = 1;
	} else if (o.create_size) {
		r = create_data_disk(&l, &o, key);
	} else if ((r = measure_and_judge(&l, key)) == 0) {
		r = start(&l, &o, key);
	}
	explicit_bzero(key, sizeof(key));
	launch_parts_close(&l);
	vg_config_free(l.cfg);
	return r;
}
