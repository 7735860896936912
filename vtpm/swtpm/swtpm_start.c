/* SPDX-License-Identifier: BSD-3-Clause */
/* Starting one swtpm: options checked, state created on first use, the
 * process spawned with the key on a pipe, and its sockets waited for. A
 * start that fails leaves no process behind and says why. */
#include "swtpm_local.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PROBE_MS 100
#define POLL_STEP_MS 20
#define ARGS_MAX 24
#define OPT_MAX (PATH_MAX + 64)

static int paths_set(struct vt_swtpm *s, const struct vt_swtpm_opts *o)
{
	if ((size_t)snprintf(s->sock, sizeof(s->sock), "%s/%s.sock", o->run_dir,
			     o->name) >= sizeof(s->sock) ||
	    (size_t)snprintf(s->ctrl, sizeof(s->ctrl), "%s.ctrl", s->sock) >= sizeof(s->ctrl))
		return -ENAMETOOLONG;
	snprintf(s->tcti, sizeof(s->tcti), "swtpm:path=%s", s->sock);
	return 0;
}

static bool state_exists(const char *state_dir)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", state_dir, SWTPM_STATE_FILE);
	return stat(path, &st) == 0;
}

/* Spawns swtpm socket on o's state, logging into log_path. 0 or -errno. */
static int spawn_swtpm(struct vt_swtpm *s, const struct vt_swtpm_opts *o,
		       const char *log_path)
{
	char state[OPT_MAX], server[OPT_MAX], ctrl[OPT_MAX], log[OPT_MAX];
	const char *argv[ARGS_MAX];
	int n = 0, log_fd, key_fd = -1, r;

	snprintf(state, sizeof(state), "dir=%s,mode=0600", o->state_dir);
	snprintf(server, sizeof(server), "type=unixio,path=%s,mode=0600", s->sock);
	snprintf(ctrl, sizeof(ctrl), "type=unixio,path=%s,mode=0600", s->ctrl);
	snprintf(log, sizeof(log), "file=%s,level=1", log_path);
	argv[n++] = "swtpm";
	argv[n++] = "socket";
	argv[n++] = "--tpm2";
	argv[n++] = "--tpmstate";
	argv[n++] = state;
	argv[n++] = "--server";
	argv[n++] = server;
	argv[n++] = "--ctrl";
	argv[n++] = ctrl;
	argv[n++] = "--flags";
	argv[n++] = "not-need-init,startup-clear";
	argv[n++] = "--log";
	argv[n++] = log;
	if (o->key) {
		argv[n++] = "--key";
		argv[n++] = "fd=3,format=binary,mode=aes-256-cbc,remove=false";
	}
	argv[n] = NULL;
	_Static_assert(KEY_FD == 3, "--key fd= above");

	log_fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (log_fd < 0)
		return -errno;
	if (o->key && (key_fd = swtpm_key_pipe(o->key, false)) < 0) {
		close(log_fd);
		return key_fd;
	}
	r = swtpm_spawn(o->swtpm ? o->swtpm : "swtpm", (char *const *)argv, NULL,
			log_fd, key_fd, false, &s->pid);
	close(log_fd);
	if (key_fd >= 0)
		close(key_fd);
	return r;
}

/* Why an exited swtpm stopped: its key could not decrypt the state, or
 * anything else (-EIO). */
static int exit_reason(const struct vt_swtpm *s, const char *log_path, off_t mark)
{
	if (WIFEXITED(s->status) && WEXITSTATUS(s->status) != 0)
		return swtpm_log_key_error(log_path, mark);
	return -EIO;
}

/* Waits for both sockets to accept connections while the process lives.
 * 0, or -errno with the process reaped. */
static int wait_ready(struct vt_swtpm *s, const char *log_path, off_t mark)
{
	long long deadline = swtpm_now_ms() + VT_SWTPM_START_MS;

	for (;;) {
		int ctrl_fd, sock_fd;

		if (!vt_swtpm_alive(s))
			return exit_reason(s, log_path, mark);
		ctrl_fd = swtpm_connect(s->ctrl, PROBE_MS);
		sock_fd = ctrl_fd >= 0 ? swtpm_connect(s->sock, PROBE_MS) : -1;
		if (ctrl_fd >= 0)
			close(ctrl_fd);
		if (sock_fd >= 0) {
			close(sock_fd);
			if (vt_swtpm_alive(s))
				return 0;
			continue;
		}
		if (swtpm_now_ms() >= deadline)
			break;
		swtpm_nap(POLL_STEP_MS);
	}
	kill(s->pid, SIGKILL);
	while (waitpid(s->pid, &s->status, 0) < 0 && errno == EINTR)
		;
	s->exited = true;
	return -ETIMEDOUT;
}

static void describe(const struct vt_swtpm_opts *o, const struct vt_swtpm *s, int r)
{
	switch (r) {
	case -EKEYREJECTED:
		swtpm_report(o->log, o->name, "%s cannot be decrypted with this key",
			     o->state_dir);
		break;
	case -ENOKEY:
		swtpm_report(o->log, o->name, "%s is encrypted and no key was given",
			     o->state_dir);
		break;
	case -ETIMEDOUT:
		swtpm_report(o->log, o->name, "%s and %s not ready after %d ms: killed",
			     s->sock, s->ctrl, VT_SWTPM_START_MS);
		break;
	default:
		if (s->exited && WIFSIGNALED(s->status))
			swtpm_report(o->log, o->name, "swtpm %d died of signal %d while starting",
				     (int)s->pid, WTERMSIG(s->status));
		else if (s->exited && WIFEXITED(s->status))
			swtpm_report(o->log, o->name, "swtpm %d exited with %d while starting",
				     (int)s->pid, WEXITSTATUS(s->status));
		else
			swtpm_report(o->log, o->name, "cannot start swtpm: %s", strerror(-r));
	}
}

int vt_swtpm_start(const struct vt_swtpm_opts *o, struct vt_swtpm **out)
{
	char log_path[PATH_MAX];
	struct vt_swtpm *s;
	off_t mark;
	int r, fd;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if ((r = swtpm_opts_check(o)) < 0)
		return r;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->pid = -1;
	s->status = -1;
	if ((r = paths_set(s, o)) < 0) {
		swtpm_report(o->log, o->name, "socket path too long in %s", o->run_dir);
		goto fail;
	}
	/* A live swtpm on these sockets would answer for the new one. */
	if ((fd = swtpm_connect(s->ctrl, PROBE_MS)) >= 0) {
		close(fd);
		r = -EADDRINUSE;
		swtpm_report(o->log, o->name, "%s is served by another process", s->ctrl);
		goto fail;
	}
	snprintf(log_path, sizeof(log_path), "%s/%s", o->state_dir, SWTPM_LOG);
	if (!state_exists(o->state_dir) && (r = swtpm_provision(o, log_path)) < 0)
		goto fail;
	mark = swtpm_log_mark(log_path);
	if ((r = spawn_swtpm(s, o, log_path)) < 0) {
		describe(o, s, r);
		goto fail;
	}
	if ((r = wait_ready(s, log_path, mark)) < 0) {
		describe(o, s, r);
		swtpm_report_log_tail(o->log, log_path, mark);
		unlink(s->sock);
		unlink(s->ctrl);
		goto fail;
	}
	*out = s;
	return 0;
fail:
	free(s);
	return r;
}
