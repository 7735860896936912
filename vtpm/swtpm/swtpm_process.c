/* SPDX-License-Identifier: BSD-3-Clause */
/* A started swtpm: watched, stopped cleanly when it can be, and signalled
 * by its PID when it cannot. */
#include "swtpm_local.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define TPM_SHUTDOWN_MS 1000
#define CTRL_MS 1000
#define EXIT_MS 2000
#define TERM_MS 1000

const char *vt_swtpm_tcti(const struct vt_swtpm *s)
{
	return s->tcti;
}

const char *vt_swtpm_ctrl_path(const struct vt_swtpm *s)
{
	return s->ctrl;
}

pid_t vt_swtpm_pid(const struct vt_swtpm *s)
{
	return s->pid;
}

bool vt_swtpm_alive(struct vt_swtpm *s)
{
	pid_t r;

	if (s->exited)
		return false;
	r = waitpid(s->pid, &s->status, WNOHANG);
	if (r == s->pid || (r < 0 && errno == ECHILD)) {
		if (r < 0)
			s->status = -1;   /* reaped elsewhere: status lost */
		s->exited = true;
	}
	return !s->exited;
}

int vt_swtpm_exit_status(const struct vt_swtpm *s)
{
	return s->exited ? s->status : -1;
}

static void sockets_remove(const struct vt_swtpm *s)
{
	unlink(s->sock);
	unlink(s->ctrl);
}

/* Ends the process with SIGTERM, then SIGKILL; reaps it. */
static void terminate(struct vt_swtpm *s)
{
	kill(s->pid, SIGTERM);
	if (swtpm_wait(s->pid, TERM_MS, &s->status) == -ETIMEDOUT) {
		kill(s->pid, SIGKILL);
		while (waitpid(s->pid, &s->status, 0) < 0 && errno == EINTR)
			;
	}
	s->exited = true;
}

int vt_swtpm_stop(struct vt_swtpm *s)
{
	int r = 0, w;

	if (!vt_swtpm_alive(s)) {
		sockets_remove(s);
		return -ESRCH;
	}
	if (swtpm_tpm_shutdown(s->sock, TPM_SHUTDOWN_MS) < 0)
		r = -EBUSY;
	if (swtpm_ctrl_shutdown(s->ctrl, CTRL_MS) == 0)
		w = swtpm_wait(s->pid, EXIT_MS, &s->status);
	else
		w = -ETIMEDOUT;
	if (w == 0 || w == -ECHILD) {
		s->exited = true;
	} else {
		terminate(s);
		r = -ETIMEDOUT;
	}
	sockets_remove(s);
	return r;
}

void vt_swtpm_free(struct vt_swtpm *s)
{
	if (!s)
		return;
	if (vt_swtpm_alive(s))
		vt_swtpm_stop(s);
	else
		sockets_remove(s);
	free(s);
}

int vt_swtpm_stop_stray(const char *run_dir, const char *name)
{
	char sock[SUN_PATH_MAX], ctrl[SUN_PATH_MAX];
	long long until;
	int fd;

	if ((size_t)snprintf(sock, sizeof(sock), "%s/%s.sock", run_dir, name) >= sizeof(sock) ||
	    (size_t)snprintf(ctrl, sizeof(ctrl), "%s.ctrl", sock) >= sizeof(ctrl))
		return -ENAMETOOLONG;
	fd = swtpm_connect(ctrl, CTRL_MS);
	if (fd < 0)
		return -ENOENT;
	close(fd);
	swtpm_tpm_shutdown(sock, TPM_SHUTDOWN_MS);
	swtpm_ctrl_shutdown(ctrl, CTRL_MS);
	/* Not our child: gone once its control socket no longer answers. */
	until = swtpm_now_ms() + EXIT_MS;
	while ((fd = swtpm_connect(ctrl, 20)) >= 0) {
		close(fd);
		if (swtpm_now_ms() > until)
			return -ETIMEDOUT;
		swtpm_nap(20);
	}
	unlink(sock);
	unlink(ctrl);
	return 0;
}
