/* SPDX-License-Identifier: BSD-3-Clause */
/* Step 4b: QEMU as the guest's unprivileged user, supervised. The launcher
 * stays on the guest TPM's path for the guest's whole life (a reset
 * re-initialises the TPM and the measurements go in again), so it serves
 * the proxy in the same loop that waits for QEMU and for SIGTERM. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audit_log.h"
#include "launch.h"

#define STOP_GRACE_MS 10000

/* Keeps fd open across exec (the parts QEMU reads by /proc/self/fd). */
static int inherit(int fd)
{
	return fd < 0 ? 0 : fcntl(fd, F_SETFD, 0);
}

/* In the child: descriptors, user, then QEMU. Never returns. */
static void exec_qemu(const struct launch *l, const char *const *argv, int console_fd)
{
	sigset_t none;
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* Without the launcher nobody extends the TPM after a reset: QEMU
	 * must not outlive it. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (null < 0 || dup2(null, 0) < 0 || dup2(console_fd, 1) < 0)
		_exit(126);
	for (size_t i = 0; i < l->n_parts; i++)
		if (inherit(l->parts[i].fd) < 0)
			_exit(126);
	if (inherit(l->seed_fd) < 0 || inherit(l->data_fd) < 0 || inherit(l->key_fd) < 0)
		_exit(126);
	if (geteuid() != l->uid &&
	    (setgroups(0, NULL) < 0 || setgid(l->gid) < 0 || setuid(l->uid) < 0)) {
		fprintf(stderr, "vmgate-launch: cannot become uid %u: %s\n", (unsigned)l->uid,
			strerror(errno));
		_exit(126);
	}
	if (setuid(0) == 0 && l->uid != 0)
		_exit(126);     /* the drop did not hold */
	execvp(argv[0], (char *const *)argv);
	fprintf(stderr, "vmgate-launch: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The exit status for QEMU's wait status. */
static int outcome(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1;
}

int qemu_run(struct launch *l, const char *const *argv, int console_fd)
{
	struct tpm_proxy *proxy;
	struct pollfd pfd[4];
	sigset_t mask;
	long long deadline = 0;
	bool stopping = false, failed = false, reaped = false;
	int sfd, status = 0;
	pid_t pid;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	proxy = sfd < 0 ? NULL : tpm_proxy_open(l);
	if (!proxy) {
		if (sfd >= 0)
			close(sfd);
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		LAUNCH_LOG("cannot start QEMU: %s", strerror(errno));
		tpm_proxy_close(proxy);
		close(sfd);
		return 1;
	}
	if (pid == 0)
		exec_qemu(l, argv, console_fd);
	/* The key pipe is QEMU's now: the launcher keeps no way to it. */
	if (l->key_fd >= 0) {
		close(l->key_fd);
		l->key_fd = -1;
	}
	LAUNCH_LOG("guest '%s': QEMU running as pid %d, uid %u", l->guest->name, (int)pid,
		   (unsigned)l->uid);

	for (;;) {
		int fds[3], n = 1, timeout = -1;

		pfd[0] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		tpm_proxy_fds(proxy, fds);
		for (int i = 0; i < 3 && !failed; i++)
			if (fds[i] >= 0)
				pfd[n++] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
		if (stopping) {
			long long left = deadline - now_ms();

			if (left <= 0) {
				LAUNCH_LOG("QEMU did not stop within %d s: killing it", STOP_GRACE_MS / 1000);
				kill(pid, SIGKILL);
				deadline = now_ms() + 60000;
				left = 1000;
			}
			timeout = (int)left;
		}
		if (poll(pfd, (nfds_t)n, timeout) < 0 && errno != EINTR)
			break;
		if (pfd[0].revents & POLLIN) {
			struct signalfd_siginfo si;

			if (read(sfd, &si, sizeof(si)) == sizeof(si) && si.ssi_signo != SIGCHLD &&
			    !stopping) {
				LAUNCH_LOG("signal %u: stopping guest '%s'", si.ssi_signo, l->guest->name);
				kill(pid, SIGTERM);
				stopping = true;
				deadline = now_ms() + STOP_GRACE_MS;
			}
			if (waitpid(pid, &status, WNOHANG) == pid) {
				reaped = true;
				break;
			}
		}
		for (int i = 1; i < n; i++) {
			int r;

			if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			r = tpm_proxy_serve(proxy, pfd[i].fd, pid);
			if (r < 0 && !failed) {
				/* The guest must not run on a TPM whose path broke: its
				 * measurements might be missing. */
				LAUNCH_LOG("guest '%s': the vTPM path failed (%s): killing QEMU",
					   l->guest->name, strerror(-r));
				launch_audit(l, VG_AUDIT_FAILED, "the vTPM path failed: QEMU killed");
				kill(pid, SIGKILL);
				failed = stopping = true;
				deadline = now_ms() + 60000;
			}
			if (r < 0)
				break;  /* the fds changed: poll again */
		}
	}
	if (!reaped) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	LAUNCH_LOG("guest '%s': QEMU exited (%s %d); launch measurements extended %u time(s)",
		   l->guest->name, WIFEXITED(status) ? "status" : "signal",
		   WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
		   tpm_proxy_extensions(proxy));
	tpm_proxy_close(proxy);
	close(sfd);
	return failed ? 1 : outcome(status);
}
