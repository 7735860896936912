/* SPDX-License-Identifier: BSD-3-Clause */
#include "vhost_user_io.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define VHOST_USER_VERSION 0x1
#define VHOST_USER_VERSION_MASK 0x3
#define VHOST_USER_REPLY 0x4

/* A backend slower than this during setup is treated as gone: the
 * simguest serves nothing else meanwhile. */
#define VU_TIMEOUT_MS 2000

struct vu_header {
	uint32_t request;
	uint32_t flags;
	uint32_t size;
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for events on fd until deadline (ms, CLOCK_MONOTONIC). */
static int wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd p = { .fd = fd, .events = events };
	int64_t left = deadline - now_ms();
	int n;

	if (left <= 0)
		return -ETIMEDOUT;
	n = poll(&p, 1, (int)left);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	if (n == 0)
		return -ETIMEDOUT;
	return 0;
}

#define VU_MAX_PASSED_FDS 8

/* Drops every descriptor a message carried: we never ask for any. */
static void close_passed_fds(struct msghdr *mh)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		int fds[VU_MAX_PASSED_FDS];
		size_t n;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		if (n > VU_MAX_PASSED_FDS)
			n = VU_MAX_PASSED_FDS;
		memcpy(fds, CMSG_DATA(c), n * sizeof(int));
		for (size_t i = 0; i < n; i++)
			close(fds[i]);
	}
}

static int recv_full(int fd, void *buf, size_t len, int64_t deadline)
{
	uint8_t *p = buf;

	while (len) {
		union {
			struct cmsghdr align;
			char buf[CMSG_SPACE(VU_MAX_PASSED_FDS * sizeof(int))];
		} control;
		struct iovec iov = { .iov_base = p, .iov_len = len };
		struct msghdr mh = {
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = control.buf, .msg_controllen = sizeof(control.buf),
		};
		ssize_t n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);
		int rc;

		if (n > 0) {
			close_passed_fds(&mh);
			p += n;
			len -= (size_t)n;
			continue;
		}
		if (n == 0)
			return -EPIPE;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return -errno;
		rc = wait_fd(fd, POLLIN, deadline);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int vu_send(int fd, uint32_t request, const void *payload, uint32_t size, int pass_fd)
{
	struct vu_header h = { .request = request, .flags = VHOST_USER_VERSION, .size = size };
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} control;
	struct iovec iov[2] = {
		{ .iov_base = &h, .iov_len = sizeof(h) },
		{ .iov_base = (void *)payload, .iov_len = size },
	};
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = size ? 2 : 1 };
	int64_t deadline = now_ms() + VU_TIMEOUT_MS;

	if (pass_fd >= 0) {
		struct cmsghdr *c;

		memset(&control, 0, sizeof(control));
		mh.msg_control = control.buf;
		mh.msg_controllen = sizeof(control.buf);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &pass_fd, sizeof(int));
	}
	for (;;) {
		ssize_t n = sendmsg(fd, &mh, MSG_NOSIGNAL);
		int rc;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				return -errno;
			rc = wait_fd(fd, POLLOUT, deadline);
			if (rc < 0)
				return rc;
			continue;
		}
		/* The descriptor went with the first byte; send the rest plain. */
		mh.msg_control = NULL;
		mh.msg_controllen = 0;
		while (mh.msg_iovlen && (size_t)n >= mh.msg_iov->iov_len) {
			n -= (ssize_t)mh.msg_iov->iov_len;
			mh.msg_iov++;
			mh.msg_iovlen--;
		}
		if (!mh.msg_iovlen)
			return 0;
		mh.msg_iov->iov_base = (uint8_t *)mh.msg_iov->iov_base + n;
		mh.msg_iov->iov_len -= (size_t)n;
	}
}

int vu_recv_reply(int fd, uint32_t request, void *payload, uint32_t size)
{
	int64_t deadline = now_ms() + VU_TIMEOUT_MS;
	struct vu_header h;
	int rc;

	rc = recv_full(fd, &h, sizeof(h), deadline);
	if (rc < 0)
		return rc;
	if (h.request != request || !(h.flags & VHOST_USER_REPLY) ||
	    (h.flags & VHOST_USER_VERSION_MASK) != VHOST_USER_VERSION || h.size != size)
		return -EPROTO;
	return recv_full(fd, payload, size, deadline);
}
