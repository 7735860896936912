/* SPDX-License-Identifier: BSD-3-Clause */
/* The launcher's QMP connection to its QEMU: a socket pair made before
 * QEMU starts, so no other process can reach this monitor. Used only to
 * save a guest (stop, hand over a descriptor, migrate, ask how it went,
 * resume or quit): commands whose answers QEMU gives at once, so waiting
 * for them here cannot hold up the TPM proxy for long. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "launch.h"

#define QMP_LINE_MAX 65536

struct qmp {
	int fd;
	size_t used;
	char buf[QMP_LINE_MAX];
};

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The next message QEMU sends (one JSON object a line), or NULL with
 * *err (-ETIMEDOUT, -EPIPE, -EBADMSG for a line too long or not JSON). */
static struct json_object *next_message(struct qmp *q, long long deadline, int *err)
{
	for (;;) {
		char *nl = memchr(q->buf, '\n', q->used);
		struct pollfd pfd = { .fd = q->fd, .events = POLLIN };
		long long left;
		ssize_t n;

		if (nl) {
			struct json_object *o;
			size_t len = (size_t)(nl - q->buf) + 1;

			*nl = 0;
			o = json_tokener_parse(q->buf);
			memmove(q->buf, q->buf + len, q->used - len);
			q->used -= len;
			if (!o || !json_object_is_type(o, json_type_object)) {
				json_object_put(o);
				*err = -EBADMSG;
				return NULL;
			}
			return o;
		}
		if (q->used == sizeof(q->buf)) {
			*err = -EBADMSG;
			return NULL;
		}
		left = deadline - now_ms();
		if (left <= 0 || poll(&pfd, 1, (int)left) == 0) {
			*err = -ETIMEDOUT;
			return NULL;
		}
		n = read(q->fd, q->buf + q->used, sizeof(q->buf) - q->used);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0) {
			*err = n < 0 ? -errno : -EPIPE;
			return NULL;
		}
		q->used += (size_t)n;
	}
}

int qmp_exec(struct qmp *q, const char *command, int pass_fd, int timeout_ms,
	     struct json_object **ret)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = (void *)command, .iov_len = strlen(command) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	long long deadline = now_ms() + timeout_ms;
	int err = 0;

	if (ret)
		*ret = NULL;
	if (pass_fd >= 0) {
		struct cmsghdr *c;

		m.msg_control = cbuf;
		m.msg_controllen = sizeof(cbuf);
		c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &pass_fd, sizeof(int));
	}
	if (sendmsg(q->fd, &m, MSG_NOSIGNAL) != (ssize_t)iov.iov_len)
		return -EPIPE;
	for (;;) {
		struct json_object *o = next_message(q, deadline, &err), *v;

		if (!o)
			return err;
		if (json_object_object_get_ex(o, "return", &v)) {
			if (ret)
				*ret = json_object_get(v);
			json_object_put(o);
			return 0;
		}
		if (json_object_object_get_ex(o, "error", &v)) {
			struct json_object *d;

			LAUNCH_LOG("QMP %.*s: %s", (int)strcspn(command, "\n"), command,
				   json_object_object_get_ex(v, "desc", &d)
					   ? json_object_get_string(d) : "error");
			json_object_put(o);
			return -EIO;
		}
		json_object_put(o);     /* an event */
	}
}

struct qmp *qmp_open(int fd, int timeout_ms)
{
	struct qmp *q = calloc(1, sizeof(*q));
	struct json_object *greeting;
	int err = 0;

	if (!q)
		return NULL;
	q->fd = fd;
	greeting = next_message(q, now_ms() + timeout_ms, &err);
	if (!greeting || !json_object_object_get_ex(greeting, "QMP", NULL) ||
	    qmp_exec(q, "{\"execute\":\"qmp_capabilities\"}\n", -1, timeout_ms, NULL) < 0) {
		LAUNCH_LOG("QEMU's monitor did not answer: %s", err ? strerror(-err) : "no greeting");
		json_object_put(greeting);
		free(q);
		return NULL;
	}
	json_object_put(greeting);
	return q;
}

void qmp_close(struct qmp *q)
{
	free(q);
}
