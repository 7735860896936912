/* SPDX-License-Identifier: BSD-3-Clause */
/* Step 4b: QEMU as the guest's unprivileged user, supervised. The launcher
 * stays on the guest TPM's path for the guest's whole life (a reset
 * re-initialises the TPM and the measurements go in again), so it serves
 * the proxy in the same loop that waits for QEMU and for SIGTERM; and, in
 * that loop too, a save (SIGUSR1, save_out.c) or a restore (save_in.c). */
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
	if (inherit(l->seed_fd) < 0 || inherit(l->data_fd) < 0 || inherit(l->key_fd) < 0 ||
	    inherit(l->qmp_qemu_fd) < 0 || inherit(l->incoming_fd) < 0)
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

/* Closes fd (if open) and marks it closed. */
static void drop(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* The supervision loop's state. */
struct run {
	struct launch *l;
	struct tpm_proxy *proxy;
	struct qmp *qmp;
	struct save_out *out;           /* a save under way */
	struct save_in *in;             /* a restore (NULL: a fresh boot) */
	pid_t pid;
	long long deadline;
	bool stopping, failed, saved, resumed;
};

/* Stops QEMU: SIGTERM now (unless it quits by itself), SIGKILL later. */
static void stop_qemu(struct run *r, int sig, int grace_ms)
{
	if (sig)
		kill(r->pid, sig);
	r->stopping = true;
	r->deadline = now_ms() + grace_ms;
}

/* The guest must not run on a TPM whose path broke: its measurements
 * might be missing. */
static void fail(struct run *r, const char *what, int err)
{
	if (r->failed)
		return;
	LAUNCH_LOG("guest '%s': %s (%s): killing QEMU", r->l->guest->name, what, strerror(-err));
	launch_audit(r->l, VG_AUDIT_FAILED, what);
	r->failed = true;
	stop_qemu(r, SIGKILL, 60000);
}

/* An audit entry of action "guest.save". */
static void audit_save(struct launch *l, int result, const char *detail)
{
	const char *action = l->action;

	l->action = "guest.save";
	launch_audit(l, result, detail);
	l->action = action;
}

/* SIGUSR1: save the guest, unless it is stopping, saving or not yet
 * resumed. */
static void begin_save(struct run *r)
{
	if (r->stopping || r->out || (r->in && !r->resumed)) {
		LAUNCH_LOG("guest '%s': not saved now (stopping, saving or resuming)",
			   r->l->guest->name);
		return;
	}
	if (!r->qmp)
		r->qmp = qmp_open(r->l->qmp_fd, 10000);
	r->out = r->qmp ? save_out_start(r->l, r->qmp) : NULL;
	if (r->out)
		tpm_proxy_save_to(r->proxy, save_out_writer(r->out));
	else
		audit_save(r->l, VG_AUDIT_FAILED, "could not start: the guest runs on");
}

static void serve_save(struct run *r)
{
	bool tpm_saved = tpm_proxy_saved(r->proxy);
	int e = save_out_serve(r->out, &tpm_saved);

	if (e == 0)
		return;
	tpm_proxy_save_to(r->proxy, NULL);
	if (e == 1) {
		save_out_free(r->out);
		r->saved = true;
		audit_save(r->l, VG_AUDIT_OK, "saved: QEMU's state and the vTPM's, encrypted");
		stop_qemu(r, 0, STOP_GRACE_MS);    /* QEMU was told to quit */
	} else {
		save_out_abort(r->out);
		LAUNCH_LOG("guest '%s': save failed (%s); it runs on", r->l->guest->name,
			   strerror(-e));
		audit_save(r->l, VG_AUDIT_FAILED, "save failed: the guest runs on");
	}
	r->out = NULL;
}

/* Reads signals; true once QEMU was reaped (status in *status). */
static bool serve_signals(struct run *r, int sfd, int *status)
{
	struct signalfd_siginfo si;

	if (read(sfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGUSR1) {
			begin_save(r);
		} else if (si.ssi_signo != SIGCHLD && !r->stopping) {
			LAUNCH_LOG("signal %u: stopping guest '%s'", si.ssi_signo, r->l->guest->name);
			stop_qemu(r, SIGTERM, STOP_GRACE_MS);
		}
	}
	return waitpid(r->pid, status, WNOHANG) == r->pid;
}

/* Polls once and serves what is ready; true once QEMU was reaped. */
static bool serve_once(struct run *r, int sfd, int *status)
{
	struct pollfd pfd[6];
	int fds[3], n = 1, timeout = -1, save_i = 0, in_i = 0;

	pfd[0] = (struct pollfd){ .fd = sfd, .events = POLLIN };
	tpm_proxy_fds(r->proxy, fds);
	for (int i = 0; i < 3 && !r->failed; i++)
		if (fds[i] >= 0)
			pfd[n++] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
	if (r->out && !r->failed) {
		save_i = n;
		pfd[n++] = (struct pollfd){ .fd = save_out_fd(r->out), .events = POLLIN };
	}
	if (r->in && save_in_fd(r->in) >= 0 && !r->failed) {
		in_i = n;
		pfd[n++] = (struct pollfd){ .fd = save_in_fd(r->in), .events = POLLOUT };
	}
	if (r->stopping) {
		long long left = r->deadline - now_ms();

		if (left <= 0) {
			LAUNCH_LOG("QEMU did not stop within %d s: killing it", STOP_GRACE_MS / 1000);
			stop_qemu(r, SIGKILL, 60000);
			left = 1000;
		}
		timeout = (int)left;
	}
	if (poll(pfd, (nfds_t)n, timeout) < 0) {
		if (errno != EINTR)
			fail(r, "the launcher cannot wait", -errno);
		return false;
	}
	if ((pfd[0].revents & POLLIN) && serve_signals(r, sfd, status))
		return true;
	if (save_i && (pfd[save_i].revents & (POLLIN | POLLHUP | POLLERR)))
		serve_save(r);
	if (in_i && (pfd[in_i].revents & (POLLOUT | POLLERR | POLLHUP))) {
		int e = save_in_serve(r->in);

		if (e < 0)
			fail(r, "restore: the saved state is not intact", e);
	}
	for (int i = 1; i < n; i++) {
		int e;

		if (i == save_i || i == in_i || !(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		e = tpm_proxy_serve(r->proxy, pfd[i].fd, r->pid);
		if (e < 0) {
			fail(r, "the vTPM path failed", e);
			break;  /* the fds changed: poll again */
		}
	}
	if (r->in && !r->resumed && tpm_proxy_resumed(r->proxy)) {
		r->resumed = true;
		save_in_done(r->in);
	}
	return false;
}

int qemu_run(struct launch *l, const char *const *argv, int console_fd, struct save_in *in)
{
	struct run r = { .l = l, .in = in };
	sigset_t mask;
	bool reaped = false;
	int sfd, status = 0;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGUSR1);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	r.proxy = sfd < 0 ? NULL : tpm_proxy_open(l);
	if (!r.proxy) {
		if (sfd >= 0)
			close(sfd);
		return 1;
	}
	if (in)
		tpm_proxy_restore_from(r.proxy, save_in_blobs(in));
	r.pid = fork();
	if (r.pid < 0) {
		LAUNCH_LOG("cannot start QEMU: %s", strerror(errno));
		tpm_proxy_close(r.proxy);
		close(sfd);
		return 1;
	}
	if (r.pid == 0)
		exec_qemu(l, argv, console_fd);
	/* The key pipe is QEMU's now: the launcher keeps no way to it; nor to
	 * QEMU's ends of the monitor and of the incoming stream. */
	drop(&l->key_fd);
	drop(&l->qmp_qemu_fd);
	drop(&l->incoming_fd);
	LAUNCH_LOG("guest '%s': QEMU running as pid %d, uid %u", l->guest->name, (int)r.pid,
		   (unsigned)l->uid);

	while (!reaped)
		reaped = serve_once(&r, sfd, &status);
	LAUNCH_LOG("guest '%s': QEMU exited (%s %d); launch measurements extended %u time(s)",
		   l->guest->name, WIFEXITED(status) ? "status" : "signal",
		   WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
		   tpm_proxy_extensions(r.proxy));
	if (r.out) {
		tpm_proxy_save_to(r.proxy, NULL);
		save_out_free(r.out);
	}
	qmp_close(r.qmp);
	tpm_proxy_close(r.proxy);
	close(sfd);
	if (r.failed)
		return 1;
	return r.saved ? LAUNCH_EXIT_SAVED : outcome(status);
}
