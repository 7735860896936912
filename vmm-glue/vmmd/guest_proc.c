/* SPDX-License-Identifier: BSD-3-Clause */
/* One launcher process per running guest: vmgate-launch supervises QEMU in
 * the foreground and stops it on SIGTERM. vmmd starts it, watches it exit,
 * and stops it with SIGTERM, then SIGKILL after a grace period. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vmmd.h"

const char *guest_run_state_name(enum guest_run_state s)
{
	switch (s) {
	case GUEST_RUNNING: return "running";
	case GUEST_EXITED:  return "exited";
	default:            return "stopped";
	}
}

void wait_status_text(int status, char *buf, size_t size)
{
	if (WIFEXITED(status))
		snprintf(buf, size, "exit status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "killed by signal %d", WTERMSIG(status));
	else
		snprintf(buf, size, "wait status %#x", (unsigned)status);
}

struct guest_proc *guest_proc_find(struct vmmd *d, const char *name)
{
	for (size_t i = 0; i < d->n_procs; i++)
		if (strcmp(d->procs[i].name, name) == 0)
			return &d->procs[i];
	return NULL;
}

struct guest_proc *guest_proc_get(struct vmmd *d, const char *name)
{
	struct guest_proc *p = guest_proc_find(d, name);

	if (p)
		return p;
	if (d->n_procs == d->cap_procs) {
		size_t cap = d->cap_procs ? 2 * d->cap_procs : 16;
		struct guest_proc *n = realloc(d->procs, cap * sizeof(*n));

		if (!n)
			return NULL;
		d->procs = n;
		d->cap_procs = cap;
	}
	p = &d->procs[d->n_procs++];
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->state = GUEST_STOPPED;
	return p;
}

/* In the child: the launcher, or errno down the pipe. */
static void __attribute__((noreturn)) exec_launcher(struct vmmd *d, const char *name,
						    int err_fd)
{
	char *argv[] = { d->launcher, "-c", (char *)d->config_path, "--guest",
			 (char *)name, NULL };
	sigset_t none;
	int e;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	execv(d->launcher, argv);
	e = errno;
	if (write(err_fd, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

int guest_proc_start(struct vmmd *d, struct guest_proc *p, char *detail,
		     size_t size)
{
	int fds[2], e = 0;
	ssize_t n;
	pid_t pid;

	if (p->state == GUEST_RUNNING) {
		snprintf(detail, size, "already running (pid %d)", (int)p->pid);
		return -EALREADY;
	}
	/* The pipe closes on a successful exec; an exec error comes back
	 * through it, so "started" means the launcher really runs. */
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		e = errno;
		close(fds[0]);
		close(fds[1]);
		snprintf(detail, size, "fork: %s", strerror(e));
		return -e;
	}
	if (pid == 0)
		exec_launcher(d, p->name, fds[1]);
	close(fds[1]);
	do
		n = read(fds[0], &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	close(fds[0]);
	if (n == sizeof(e)) {
		waitpid(pid, NULL, 0);
		snprintf(detail, size, "cannot run %s: %s", d->launcher, strerror(e));
		return -e;
	}
	p->pid = pid;
	p->state = GUEST_RUNNING;
	p->since = time(NULL);
	p->wait_status = 0;
	snprintf(detail, size, "launcher pid %d", (int)pid);
	return 0;
}

/* Waits up to ms for p's launcher to end; true when it did. */
static bool wait_exit(struct guest_proc *p, int ms)
{
	for (int waited = 0;; waited += 20) {
		int st;
		pid_t r = waitpid(p->pid, &st, WNOHANG);

		if (r == p->pid || (r < 0 && errno == ECHILD)) {
			p->wait_status = r == p->pid ? st : 0;
			return true;
		}
		if (waited >= ms)
			return false;
		poll(NULL, 0, 20);
	}
}

int guest_proc_stop(struct guest_proc *p, char *detail, size_t size)
{
	char how[64];
	bool killed = false;

	if (p->state != GUEST_RUNNING) {
		snprintf(detail, size, "not running");
		return -ESRCH;
	}
	kill(p->pid, SIGTERM);
	if (!wait_exit(p, VMMD_STOP_GRACE_MS)) {
		kill(p->pid, SIGKILL);
		wait_exit(p, VMMD_STOP_GRACE_MS);
		killed = true;
	}
	wait_status_text(p->wait_status, how, sizeof(how));
	snprintf(detail, size, "launcher pid %d %s%s", (int)p->pid,
		 killed ? "did not stop on SIGTERM, " : "", how);
	p->state = GUEST_STOPPED;
	p->pid = 0;
	p->since = time(NULL);
	return 0;
}

int guest_proc_save(struct vmmd *d, struct guest_proc *p, char *detail, size_t size)
{
	char how[64];
	pid_t pid = p->pid;

	if (p->state != GUEST_RUNNING) {
		snprintf(detail, size, "guest %s is not running", p->name);
		return -ESRCH;
	}
	kill(pid, SIGUSR1);
	if (!wait_exit(p, VMMD_SAVE_TIMEOUT_MS)) {
		snprintf(detail, size, "launcher pid %d did not finish saving within %d s; "
			 "the guest runs on", (int)pid, VMMD_SAVE_TIMEOUT_MS / 1000);
		return -ETIMEDOUT;
	}
	wait_status_text(p->wait_status, how, sizeof(how));
	p->state = GUEST_STOPPED;
	p->pid = 0;
	p->since = time(NULL);
	if (!WIFEXITED(p->wait_status) || WEXITSTATUS(p->wait_status) != VMM_LAUNCH_EXIT_SAVED) {
		p->state = GUEST_EXITED;
		snprintf(detail, size, "launcher pid %d %s without saving the guest", (int)pid, how);
		return -EIO;
	}
	snprintf(detail, size, "saved to %s/%s.vgsave; launcher pid %d %s", d->cfg->vmm.save_dir,
		 p->name, (int)pid, how);
	return 0;
}

void guest_proc_reap(struct vmmd *d)
{
	for (size_t i = 0; i < d->n_procs; i++) {
		struct guest_proc *p = &d->procs[i];
		int st;

		if (p->state != GUEST_RUNNING || waitpid(p->pid, &st, WNOHANG) != p->pid)
			continue;
		p->state = GUEST_EXITED;
		p->wait_status = st;
		p->since = time(NULL);
		VMMD_LOG("guest %s: launcher pid %d ended", p->name, (int)p->pid);
		p->pid = 0;
	}
}

void guest_proc_stop_all(struct vmmd *d)
{
	char detail[128];

	for (size_t i = 0; i < d->n_procs; i++)
		if (d->procs[i].state == GUEST_RUNNING)
			guest_proc_stop(&d->procs[i], detail, sizeof(detail));
}
