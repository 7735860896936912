/* SPDX-License-Identifier: BSD-3-Clause */
/* vmgate-vtpmd: the root of trust's only user. Measures the gateway into
 * the root TPM, opens the platform CA, starts every provisioned vTPM, then
 * serves control requests and restarts any swtpm that dies. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ctl_dirs.h"
#include "ctl_proto.h"
#include "daemon_args.h"
#include "ctl_server.h"
#include "vtpmd.h"

#define WATCH_MS 500

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

/* Everything before serving: the root TPM, the measurements, the CA, the
 * directories, the vTPMs provisioned earlier. */
static int start(struct vtpmd *d)
{
	int r = vt_tpm_open(d->cfg->root_tpm.tcti, &d->root);

	if (r < 0) {
		VTPMD_LOG("cannot open the root TPM '%s': %s", d->cfg->root_tpm.tcti,
			  strerror(-r));
		return r;
	}
	if ((r = gateway_measure(d)) < 0)
		return r;
	/* The runtime directory is passed through (0711) by QEMU's users on
	 * their way to the launcher's TPM sockets; the vTPMs' own is 0700. */
	if ((r = ctl_make_dirs(d->cfg->root_tpm.state_dir, 0700)) < 0 ||
	    (r = ctl_make_runtime_dir(d->cfg->gateway.runtime_dir)) < 0 ||
	    (r = ctl_make_dirs(d->run_dir, 0700)) < 0) {
		VTPMD_LOG("cannot create the state or runtime directory: %s", strerror(-r));
		return r;
	}
	if ((r = platform_ca_open(d)) < 0)
		return r;
	d->n_guests = d->cfg->n_guests;
	d->guests = calloc(d->n_guests ? d->n_guests : 1, sizeof(*d->guests));
	if (!d->guests)
		return -ENOMEM;
	for (size_t i = 0; i < d->n_guests; i++) {
		guest_vtpm_init(d, &d->guests[i], &d->cfg->guests[i]);
		if (d->guests[i].state == VTPM_STOPPED)
			guest_vtpm_start(d, &d->guests[i]);   /* a refusal is kept */
	}
	return 0;
}

static void serve(struct vtpmd *d, struct ctl_server *srv)
{
	struct pollfd pfd = { .fd = ctl_server_fd(srv), .events = POLLIN };

	while (!stopping) {
		int n = poll(&pfd, 1, WATCH_MS);

		if (n > 0)
			ctl_server_serve(srv, vtpmd_handle, d);
		for (size_t i = 0; i < d->n_guests; i++)
			guest_vtpm_watch(d, &d->guests[i]);
	}
}

int main(int argc, char **argv)
{
	struct vtpmd d = { .config_path = VG_DEFAULT_CONFIG };
	struct ctl_server *srv = NULL;
	char sock[PATH_MAX];
	int r, rc = 1;

	if ((r = daemon_args(argc, argv, "vmgate-vtpmd", &d.config_path)) >= 0)
		return r;
	umask(077);
	d.cfg = vg_config_load_or_report(d.config_path, stderr);
	if (!d.cfg)
		return 1;
	snprintf(d.run_dir, sizeof(d.run_dir), "%s/vtpm", d.cfg->gateway.runtime_dir);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGPIPE, SIG_IGN);
	if (start(&d) < 0)
		goto out;
	r = ctl_socket_path(d.cfg->gateway.runtime_dir, "vtpmd", sock, sizeof(sock));
	if (r == 0)
		srv = ctl_server_open(sock, &r);
	if (!srv) {
		VTPMD_LOG("cannot listen on %s/vtpmd.sock: %s", d.cfg->gateway.runtime_dir,
			  strerror(-r));
		goto out;
	}
	VTPMD_LOG("ready: %zu guests, root TPM '%s', control socket %s", d.n_guests,
		  d.cfg->root_tpm.tcti, sock);
	serve(&d, srv);
	rc = 0;
out:
	ctl_server_close(srv);
	for (size_t i = 0; d.guests && i < d.n_guests; i++)
		if (d.guests[i].state == VTPM_RUNNING)
			guest_vtpm_stop(&d, &d.guests[i]);
	free(d.guests);
	vt_tpm_close(d.root);
	vg_config_free(d.cfg);
	VTPMD_LOG("stopped");
	return rc;
}
