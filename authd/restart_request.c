/* SPDX-License-Identifier: BSD-3-Clause */
/* on_failure = "restart": authd, as the attestation service, asks
 * vmgate-vmmd to stop the guest and relaunch it measured (docs/vmmd.md).
 * The request runs in a child process so that the poll loop never waits
 * on vmmd (a stop alone may take its grace period); the child reports one
 * line through a pipe. While the deprecated attestation.restart_command is
 * set, that command runs instead (sh -c, the guest in $VMGATE_GUEST).
 * Either way: one request in flight per guest, a pause after each (growing
 * after each failure), and the guest stays cut off whatever the outcome:
 * its grants were revoked before anything was asked. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-c/json.h>

#include "authd.h"
#include "vmmd_client.h"

#define SETTLE_S 30.0          /* after a restart: the new guest boots, attests */
#define BACKOFF_MIN_S 5.0
#define BACKOFF_MAX_S 300.0
/* A request to vmmd answers within its reply timeout; past this its child
 * is killed. */
#define DEADLINE_S ((double)(VMMD_CLIENT_CONNECT_MS + VMMD_CLIENT_REPLY_MS) / 1000 + 10)
#define LINE_MAX_LEN 320

extern char **environ;

static bool via_command(const struct authd *a)
{
	return a->cfg->attestation.restart_command != NULL;
}

/* In the child: the request to vmmd, its outcome down fd as one line
 * "<status> <text>"; never returns. */
static void __attribute__((noreturn)) ask_vmmd(const struct authd *a, size_t i,
					       const char *reason, int fd)
{
	char result[256], line[LINE_MAX_LEN];
	int n, st;

	/* Keep only the pipe: agents' connections and the listening sockets
	 * are the parent's alone. */
	if (fd != 3 && dup2(fd, 3) < 0)
		_exit(1);
	close_range(4, ~0U, 0);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	st = vmmd_client_restart(a->cfg, a->cfg->guests[i].name, reason, result,
				 sizeof(result));
	n = snprintf(line, sizeof(line), "%d %s", st, result);
	if (n < 0 || write(3, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1) < 0)
		_exit(1);
	_exit(0);
}

static int start_vmmd_request(struct authd *a, size_t i, const char *reason)
{
	struct guest_restart *rs = &a->guests[i].restart;
	int fds[2];
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		int e = errno;

		close(fds[0]);
		close(fds[1]);
		return -e;
	}
	if (pid == 0) {
		close(fds[0]);
		ask_vmmd(a, i, reason, fds[1]);
	}
	close(fds[1]);
	rs->pid = pid;
	rs->fd = fds[0];
	return 0;
}

static int start_command(struct authd *a, size_t i)
{
	struct guest_restart *rs = &a->guests[i].restart;
	char env_guest[64 + VG_NAME_MAX];
	char *argv[] = { "sh", "-c", (char *)a->cfg->attestation.restart_command, NULL };
	char **envp;
	size_t n = 0;
	pid_t pid;
	int r;

	while (environ[n])
		n++;
	envp = calloc(n + 2, sizeof(*envp));
	if (!envp)
		return -ENOMEM;
	memcpy(envp, environ, n * sizeof(*envp));
	snprintf(env_guest, sizeof(env_guest), "VMGATE_GUEST=%s", a->cfg->guests[i].name);
	envp[n] = env_guest;
	r = posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, envp);
	free(envp);
	if (r != 0)
		return -r;
	rs->pid = pid;
	rs->fd = -1;
	return 0;
}

void restart_request(struct authd *a, size_t i, const char *reason)
{
	struct guest_restart *rs = &a->guests[i].restart;
	const char *name = a->cfg->guests[i].name;
	double now = authd_now();
	int r;

	if (rs->pid) {
		rs->suppressed++;
		AUTHD_LOG("guest %s: a restart request is in flight: none added; it stays "
			  "cut off", name);
		return;
	}
	if (now < rs->next_at) {
		rs->suppressed++;
		AUTHD_LOG("guest %s: no restart request for %.0f s more (after the last "
			  "one); it stays cut off", name, rs->next_at - now);
		return;
	}
	r = via_command(a) ? start_command(a, i) : start_vmmd_request(a, i, reason);
	if (r < 0) {
		rs->failed++;
		rs->backoff = BACKOFF_MIN_S;
		rs->next_at = now + rs->backoff;
		snprintf(rs->last, sizeof(rs->last), "failed: cannot make the request: %s",
			 strerror(-r));
		AUTHD_LOG("guest %s: restart %s; it stays cut off", name, rs->last);
		return;
	}
	rs->requested++;
	rs->started = now;
	AUTHD_LOG("guest %s: restart requested from %s (pid %d)", name,
		  via_command(a) ? "restart_command" : "vmgate-vmmd", (int)rs->pid);
}

/* The vmmd child's line: its status and text into text; the status, or
 * -EIO when there is no line. */
static int child_result(int fd, char *text, size_t size)
{
	char line[LINE_MAX_LEN];
	ssize_t n = read(fd, line, sizeof(line) - 1);
	char *end;
	long st;

	if (n <= 0) {
		snprintf(text, size, "the request ended without an answer");
		return -EIO;
	}
	line[n] = '\0';
	st = strtol(line, &end, 10);
	if (end == line || *end != ' ' || st > 0 || st < -4095) {
		snprintf(text, size, "the request ended with an unreadable answer");
		return -EIO;
	}
	snprintf(text, size, "%s", end + 1);
	return (int)st;
}

/* Records how the request of guest i ended (wait status ws). */
static void finish(struct authd *a, size_t i, int ws, const char *forced)
{
	struct guest_restart *rs = &a->guests[i].restart;
	double now = authd_now();
	char text[sizeof(rs->last) - 16];
	int st;

	if (forced) {
		snprintf(text, sizeof(text), "%s", forced);
		st = -ETIMEDOUT;
	} else if (rs->fd >= 0) {
		st = child_result(rs->fd, text, sizeof(text));
	} else {
		st = WIFEXITED(ws) && WEXITSTATUS(ws) == 0 ? 0 : -EIO;
		snprintf(text, sizeof(text), "restart_command %s with status %d",
			 WIFEXITED(ws) ? "exited" : "was killed",
			 WIFEXITED(ws) ? WEXITSTATUS(ws) : WTERMSIG(ws));
	}
	if (rs->fd >= 0)
		close(rs->fd);
	rs->fd = -1;
	rs->pid = 0;
	if (st == 0) {
		rs->done++;
		rs->backoff = 0;
		rs->next_at = now + SETTLE_S;
		snprintf(rs->last, sizeof(rs->last), "restarted: %s", text);
	} else {
		rs->failed++;
		rs->backoff = rs->backoff ? 2 * rs->backoff : BACKOFF_MIN_S;
		if (rs->backoff > BACKOFF_MAX_S)
			rs->backoff = BACKOFF_MAX_S;
		rs->next_at = now + rs->backoff;
		snprintf(rs->last, sizeof(rs->last), "failed: %s", text);
	}
	AUTHD_LOG("AUDIT guest=%s result=%s reason=%s%s", a->cfg->guests[i].name,
		  st == 0 ? "restarted" : "restart-failed", text,
		  st == 0 ? "" : " (it stays cut off)");
}

void restart_poll(struct authd *a)
{
	for (size_t i = 0; i < a->cfg->n_guests; i++) {
		struct guest_restart *rs = &a->guests[i].restart;
		int ws = 0;
		pid_t w;

		if (!rs->pid)
			continue;
		w = waitpid(rs->pid, &ws, WNOHANG);
		if (w == rs->pid) {
			finish(a, i, ws, NULL);
		} else if (w < 0) {
			finish(a, i, 0, "the request's process was lost");
		} else if (rs->fd >= 0 && authd_now() - rs->started > DEADLINE_S) {
			kill(rs->pid, SIGKILL);
			waitpid(rs->pid, &ws, 0);
			finish(a, i, ws, "vmgate-vmmd did not answer in time");
		}
	}
}

void restart_stop_all(struct authd *a)
{
	for (size_t i = 0; a->guests && i < a->cfg->n_guests; i++) {
		struct guest_restart *rs = &a->guests[i].restart;

		if (!rs->pid)
			continue;
		/* Our own children go; a restart_command is the operator's. */
		if (rs->fd >= 0) {
			kill(rs->pid, SIGKILL);
			waitpid(rs->pid, NULL, 0);
			close(rs->fd);
		}
		rs->pid = 0;
		rs->fd = -1;
	}
}

struct json_object *restart_json(const struct authd *a, size_t i)
{
	const struct guest_restart *rs = &a->guests[i].restart;
	struct json_object *o = json_object_new_object();
	double wait = rs->next_at - authd_now();

	json_object_object_add(o, "via", json_object_new_string(
		via_command(a) ? "restart_command" : "vmmd"));
	json_object_object_add(o, "requested", json_object_new_uint64(rs->requested));
	json_object_object_add(o, "done", json_object_new_uint64(rs->done));
	json_object_object_add(o, "failed", json_object_new_uint64(rs->failed));
	json_object_object_add(o, "suppressed", json_object_new_uint64(rs->suppressed));
	json_object_object_add(o, "in_flight", json_object_new_boolean(rs->pid != 0));
	json_object_object_add(o, "next_in_s",
			       json_object_new_int64(wait > 0 ? (int64_t)(wait + 0.999) : 0));
	if (rs->last[0])
		json_object_object_add(o, "last", json_object_new_string(rs->last));
	return o;
}
