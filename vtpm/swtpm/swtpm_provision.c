/* SPDX-License-Identifier: BSD-3-Clause */
/* A new TPM state, made once by swtpm_setup: only the sha256 PCR bank
 * (a bare swtpm would allocate sha1, sha256, sha384 and sha512), no EK,
 * no certificate, and no configuration read (--config /dev/null). Its
 * only write outside the state directory is a pid file that swtpm_setup
 * 0.7.1 creates in /tmp, hard-coded, and removes before it exits. */
#include "swtpm_local.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SETUP_MS 30000          /* about 0.5 s when all is well */
#define ARGS_MAX 24

/* Runs swtpm_setup with argv, output into the log, the key (if any) as
 * KEY_FD; waits for it. 0 or -errno. */
static int run_setup(const struct vt_swtpm_opts *o, char *const argv[],
		     const char *log_path)
{
	const char *prog = o->swtpm_setup ? o->swtpm_setup : "swtpm_setup";
	int log_fd, key_fd = -1, status = 0, r;
	pid_t pid;

	log_fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (log_fd < 0)
		return -errno;
	if (o->key && (key_fd = swtpm_key_pipe(o->key, true)) < 0) {
		close(log_fd);
		return key_fd;
	}
	r = swtpm_spawn(prog, argv, NULL, log_fd, key_fd, true, &pid);
	close(log_fd);
	if (key_fd >= 0)
		close(key_fd);
	if (r < 0) {
		swtpm_report(o->log, o->name, "cannot run %s: %s", prog, strerror(-r));
		return r;
	}
	r = swtpm_wait(pid, SETUP_MS, &status);
	if (r == -ETIMEDOUT) {
		/* Its own group: the swtpm it started goes with it. */
		kill(-pid, SIGKILL);
		swtpm_wait(pid, SETUP_MS, &status);
		swtpm_report(o->log, o->name, "%s did not finish in %d s", prog,
			     SETUP_MS / 1000);
		return -EIO;
	}
	if (r < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		swtpm_report(o->log, o->name, "%s failed (wait status %d)", prog, status);
		return -EIO;
	}
	return 0;
}

int swtpm_provision(const struct vt_swtpm_opts *o, const char *log_path)
{
	char state[PATH_MAX], tpm[PATH_MAX + 8];
	const char *argv[ARGS_MAX];
	off_t mark = swtpm_log_mark(log_path);
	int n = 0, r;

	argv[n++] = "swtpm_setup";
	argv[n++] = "--tpm2";
	argv[n++] = "--tpmstate";
	argv[n++] = o->state_dir;
	argv[n++] = "--pcr-banks";
	argv[n++] = "sha256";
	argv[n++] = "--config";
	argv[n++] = "/dev/null";
	argv[n++] = "--logfile";
	argv[n++] = log_path;
	argv[n++] = "--not-overwrite";
	if (o->key) {
		argv[n++] = "--keyfile-fd";
		argv[n++] = "3";
		argv[n++] = "--cipher";
		argv[n++] = "aes-256-cbc";
	}
	if (o->swtpm) {
		/* swtpm_setup splits this at spaces: swtpm's path has none. */
		snprintf(tpm, sizeof(tpm), "%s socket", o->swtpm);
		argv[n++] = "--tpm";
		argv[n++] = tpm;
	}
	argv[n] = NULL;
	_Static_assert(KEY_FD == 3, "--keyfile-fd above");
	r = run_setup(o, (char *const *)argv, log_path);
	if (r == 0) {
		snprintf(state, sizeof(state), "%s/%s", o->state_dir, SWTPM_STATE_FILE);
		if (chmod(state, 0600) < 0) {
			swtpm_report(o->log, o->name, "swtpm_setup made no %s", state);
			r = -EIO;
		}
	}
	if (r < 0)
		swtpm_report_log_tail(o->log, log_path, mark);
	return r;
}
