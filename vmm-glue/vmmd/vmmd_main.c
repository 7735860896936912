/* SPDX-License-Identifier: BSD-3-Clause */
/* vmgate-vmmd: reads the policy and the operators' certificates, gets its
 * TLS identity from vtpmd, then serves the management API on vmmd.sock
 * one client at a time and watches its guests' launchers. */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "att_tls.h"
#include "ctl_dirs.h"
#include "vmmd.h"

#define WATCH_MS 500

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static void usage(FILE *out)
{
	fprintf(out, "usage: vmgate-vmmd [-c FILE] [--launcher PATH]\n"
		"  -c FILE          the policy file (default %s)\n"
		"  --launcher PATH  the program run per guest as PATH -c FILE --guest NAME\n"
		"                   (default: vmgate-launch beside vmgate-vmmd)\n",
		VG_DEFAULT_CONFIG);
}

/* The default launcher: vmgate-launch in vmmd's directory (installed), or
 * in the build tree's vmm-glue/launch. */
static void default_launcher(struct vmmd *d)
{
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s", d->self);
	snprintf(d->launcher, sizeof(d->launcher), "%s/vmgate-launch", dirname(dir));
	if (access(d->launcher, X_OK) != 0) {
		char alt[PATH_MAX];

		snprintf(dir, sizeof(dir), "%s", d->self);
		if (snprintf(alt, sizeof(alt), "%s/../launch/vmgate-launch", dirname(dir)) <
		    (int)sizeof(alt) && access(alt, X_OK) == 0 && realpath(alt, d->launcher))
			return;
	}
}

/* -1 to go on, or the exit status. */
static int args(int argc, char **argv, struct vmmd *d)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "launcher", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			d->config_path = optarg;
			break;
		case 'l':
			if (!realpath(optarg, d->launcher)) {
				fprintf(stderr, "vmgate-vmmd: --launcher %s: %s\n", optarg,
					strerror(errno));
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return 2;
	}
	return -1;
}

static void serve(struct vmmd *d)
{
	struct pollfd pfd = { .fd = d->listen_fd, .events = POLLIN };

	while (!stopping) {
		int fd;

		if (poll(&pfd, 1, WATCH_MS) > 0)
			while ((fd = vmmd_accept(d)) != -EAGAIN && !stopping)
				if (fd >= 0)
					mgmt_session(d, fd);
		guest_proc_reap(d);
	}
}

int main(int argc, char **argv)
{
	struct vmmd d = { .config_path = VG_DEFAULT_CONFIG, .listen_fd = -1 };
	char sock[PATH_MAX];
	ssize_t n;
	int r, rc = 1;

	n = readlink("/proc/self/exe", d.self, sizeof(d.self) - 1);
	if (n < 0) {
		perror("vmgate-vmmd: /proc/self/exe");
		return 1;
	}
	d.self[n] = '\0';
	if ((r = args(argc, argv, &d)) >= 0)
		return r;
	if (!d.launcher[0])
		default_launcher(&d);
	umask(077);
	d.cfg = vg_config_load_or_report(d.config_path, stderr);
	if (!d.cfg)
		return 1;
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGPIPE, SIG_IGN);
	if (operator_pins_load(d.cfg, &d.ops, &d.n_ops) < 0 || vmmd_identity(&d) < 0)
		goto out;
	r = ctl_make_runtime_dir(d.cfg->gateway.runtime_dir);
	if (r == 0)
		r = ctl_socket_path(d.cfg->gateway.runtime_dir, "vmmd", sock, sizeof(sock));
	if (r == 0)
		r = vmmd_listen(&d, sock);
	if (r < 0) {
		VMMD_LOG("cannot listen on %s/vmmd.sock: %s", d.cfg->gateway.runtime_dir,
			 strerror(-r));
		goto out;
	}
	VMMD_LOG("ready: %zu guests, %zu operators, launcher %s, socket %s",
		 d.cfg->n_guests, d.n_ops, d.launcher, sock);
	serve(&d);
	rc = 0;
out:
	guest_proc_stop_all(&d);
	if (d.listen_fd >= 0) {
		close(d.listen_fd);
		unlink(sock);
	}
	att_tls_ctx_free(d.tls);
	free(d.ops);
	free(d.procs);
	vg_config_free(d.cfg);
	VMMD_LOG("stopped");
	return rc;
}
