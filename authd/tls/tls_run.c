/* SPDX-License-Identifier: BSD-3-Clause */
/* Driving a non-blocking wolfSSL call (handshake, read, write) to its end
 * within a deadline. */
#include "tls_local.h"

#include <errno.h>
#include <poll.h>
#include <time.h>

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t tls_deadline(int timeout_ms)
{
	return timeout_ms < 0 ? INT64_MAX : now_ms() + timeout_ms;
}

/* Waits until fd has events or the deadline passes: 0, -ETIMEDOUT or
 * -errno. A hang-up or error wakes it too: the next call reports it. */
static int wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd p = { .fd = fd, .events = events };

	for (;;) {
		int64_t left = deadline == INT64_MAX ? -1 : deadline - now_ms();
		int r;

		if (deadline != INT64_MAX && left <= 0)
			return -ETIMEDOUT;
		r = poll(&p, 1, left > INT32_MAX ? INT32_MAX : (int)left);
		if (r > 0)
			return 0;
		if (r < 0 && errno != EINTR)
			return -errno;
	}
}

int tls_run(struct att_tls_sess *s, tls_step step, void *arg,
	    int64_t deadline)
{
	int r;

	for (;;) {
		int ret = step(s->ssl, arg), err;
		short events;

		if (ret > 0) {
			r = ret;
			break;
		}
		err = wolfSSL_get_error(s->ssl, ret);
		if (err == WOLFSSL_ERROR_WANT_READ) {
			events = POLLIN;
		} else if (err == WOLFSSL_ERROR_WANT_WRITE) {
			events = POLLOUT;
		} else {
			r = tls_errno(s, err);
			break;
		}
		r = wait_fd(s->fd, events, deadline);
		if (r < 0)
			break;
	}
	/* wolfSSL queues every error per thread; nothing here reads that
	 * queue, and a thread that ends with entries in it leaks them. */
	wolfSSL_ERR_clear_error();
	return r;
}
