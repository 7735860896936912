/* SPDX-License-Identifier: BSD-3-Clause */
/* Talking to a running swtpm over its UNIX sockets, every step with a
 * deadline: readiness, TPM2_Shutdown on the TPM socket (raw TPM commands)
 * and CMD_SHUTDOWN on the control channel (swtpm's tpm_ioctl.h: a 4-byte
 * big-endian command, answered by a 4-byte big-endian result). */
#include "swtpm_local.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define CMD_SHUTDOWN 3          /* swtpm's control command */
#define TPM_ST_NO_SESSIONS 0x8001
#define TPM_CC_SHUTDOWN 0x00000145
#define TPM_SU_CLEAR 0x0000
#define TPM_RESPONSE_LEN 10     /* tag, size, response code */

/* Waits for events on fd until deadline (ms of swtpm_now_ms). */
static int wait_fd(int fd, short events, long long deadline)
{
	struct pollfd p = { .fd = fd, .events = events };

	for (;;) {
		long long left = deadline - swtpm_now_ms();
		int r;

		if (left <= 0)
			return -ETIMEDOUT;
		r = poll(&p, 1, (int)left);
		if (r > 0)
			return 0;
		if (r < 0 && errno != EINTR)
			return -errno;
	}
}

int swtpm_connect(const char *path, int ms)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	long long deadline = swtpm_now_ms() + ms;
	int fd, r, err = 0;
	socklen_t len = sizeof(err);

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
		return fd;
	r = -errno;
	if (r == -EINPROGRESS || r == -EAGAIN) {
		r = wait_fd(fd, POLLOUT, deadline);
		if (r == 0 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0)
			r = -err;
		if (r == 0)
			return fd;
	}
	close(fd);
	return r;
}

/* Sends req and reads exactly resp_len bytes back before deadline. */
static int exchange(int fd, const void *req, size_t req_len, void *resp,
		    size_t resp_len, long long deadline)
{
	const uint8_t *out = req;
	uint8_t *in = resp;
	ssize_t n;
	int r;

	while (req_len) {
		if ((r = wait_fd(fd, POLLOUT, deadline)) < 0)
			return r;
		n = send(fd, out, req_len, MSG_NOSIGNAL);
		if (n < 0 && errno != EINTR && errno != EAGAIN)
			return -errno;
		if (n > 0) {
			out += n;
			req_len -= (size_t)n;
		}
	}
	while (resp_len) {
		if ((r = wait_fd(fd, POLLIN, deadline)) < 0)
			return r;
		n = recv(fd, in, resp_len, 0);
		if (n == 0)
			return -ECONNRESET;
		if (n < 0 && errno != EINTR && errno != EAGAIN)
			return -errno;
		if (n > 0) {
			in += n;
			resp_len -= (size_t)n;
		}
	}
	return 0;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int swtpm_tpm_shutdown(const char *sock, int ms)
{
	static const uint8_t cmd[] = {
		TPM_ST_NO_SESSIONS >> 8, TPM_ST_NO_SESSIONS & 0xff,
		0, 0, 0, 12,
		TPM_CC_SHUTDOWN >> 24, (TPM_CC_SHUTDOWN >> 16) & 0xff,
		(TPM_CC_SHUTDOWN >> 8) & 0xff, TPM_CC_SHUTDOWN & 0xff,
		TPM_SU_CLEAR >> 8, TPM_SU_CLEAR & 0xff,
	};
	long long deadline = swtpm_now_ms() + ms;
	uint8_t resp[TPM_RESPONSE_LEN];
	int fd = swtpm_connect(sock, ms), r;

	if (fd < 0)
		return fd;
	r = exchange(fd, cmd, sizeof(cmd), resp, sizeof(resp), deadline);
	close(fd);
	if (r < 0)
		return r;
	return be32(resp + 6) == 0 ? 0 : -EIO;
}

int swtpm_ctrl_shutdown(const char *ctrl, int ms)
{
	static const uint8_t cmd[] = { 0, 0, 0, CMD_SHUTDOWN };
	long long deadline = swtpm_now_ms() + ms;
	uint8_t resp[4];
	int fd = swtpm_connect(ctrl, ms), r;

	if (fd < 0)
		return fd;
	r = exchange(fd, cmd, sizeof(cmd), resp, sizeof(resp), deadline);
	close(fd);
	if (r < 0)
		return r;
	return be32(resp) == 0 ? 0 : -EIO;
}
