/* SPDX-License-Identifier: BSD-3-Clause */
/* PCRs 8 and 9 of a guest's vTPM, read with one TPM2_PCR_Read sent by hand
 * on its swtpm's data socket. Not through ESAPI: swtpm serves one data
 * connection at a time, so while a launcher relays a running guest's TPM a
 * second client waits, and the swtpm TCTI has no deadline. Here every
 * step has one, and the daemon never hangs on a busy vTPM. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "vtpmd.h"

#define TPM_ST_NO_SESSIONS 0x8001
#define TPM_CC_PCR_READ 0x0000017e
#define TPM_ALG_SHA256 0x000b
#define TPM_RC_INITIALIZE 0x100
#define HEADER_LEN 10
#define SELECT_LEN 3            /* PCRs 0-23 */
#define CMD_LEN (HEADER_LEN + 4 + 2 + 1 + SELECT_LEN)
#define RSP_MAX 256

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Waits for events on fd until deadline: 0, -ETIMEDOUT or -errno. */
static int wait_until(int fd, short events, long long deadline)
{
	struct pollfd p = { .fd = fd, .events = events };
	long long left;
	int n;

	do {
		left = deadline - now_ms();
		if (left <= 0)
			return -ETIMEDOUT;
		n = poll(&p, 1, (int)left);
	} while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n == 0 ? -ETIMEDOUT : 0;
}

/* Moves len bytes to (write) or from (read) fd before deadline. */
static int io_all(int fd, bool write_dir, uint8_t *buf, size_t len, long long deadline)
{
	while (len) {
		ssize_t n;
		int r = wait_until(fd, write_dir ? POLLOUT : POLLIN, deadline);

		if (r < 0)
			return r;
		n = write_dir ? send(fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT)
			      : recv(fd, buf, len, MSG_DONTWAIT);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EPIPE;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* The response's parameters: exactly PCRs 8 and 9 of the sha256 bank, in
 * that order (a TPM returns them in ascending order). */
static int parse(const uint8_t *b, size_t len, uint8_t pcr8[VT_DIGEST_LEN],
		 uint8_t pcr9[VT_DIGEST_LEN])
{
	static const uint8_t want_sel[] = { 0, 0, 0, 1, 0x00, 0x0b, SELECT_LEN, 0x00, 0x03, 0x00 };
	size_t off = HEADER_LEN + 4;    /* after pcrUpdateCounter */
	uint8_t *out[2] = { pcr8, pcr9 };

	if (len < off + sizeof(want_sel) + 4 ||
	    memcmp(b + off, want_sel, sizeof(want_sel)) != 0)
		return -EBADMSG;
	off += sizeof(want_sel);
	if (get32(b + off) != 2)
		return -EBADMSG;
	off += 4;
	for (int i = 0; i < 2; i++) {
		if (len < off + 2 + VT_DIGEST_LEN || get16(b + off) != VT_DIGEST_LEN)
			return -EBADMSG;
		memcpy(out[i], b + off + 2, VT_DIGEST_LEN);
		off += 2 + VT_DIGEST_LEN;
	}
	return off == len ? 0 : -EBADMSG;
}

int guest_pcr_read(const char *sock, uint8_t pcr8[VT_DIGEST_LEN],
		   uint8_t pcr9[VT_DIGEST_LEN], int timeout_ms)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	uint8_t cmd[CMD_LEN] = {
		TPM_ST_NO_SESSIONS >> 8, TPM_ST_NO_SESSIONS & 0xff, 0, 0, 0, CMD_LEN,
		0, 0, TPM_CC_PCR_READ >> 8, TPM_CC_PCR_READ & 0xff,
		0, 0, 0, 1,                             /* one selection: */
		TPM_ALG_SHA256 >> 8, TPM_ALG_SHA256 & 0xff,
		SELECT_LEN, 0x00, 0x03, 0x00,           /* PCRs 8 and 9 */
	};
	uint8_t rsp[RSP_MAX];
	long long deadline = now_ms() + timeout_ms;
	uint32_t size, rc;
	int fd, r;

	if (!sock || strlen(sock) >= sizeof(a.sun_path))
		return -EINVAL;
	strcpy(a.sun_path, sock);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	/* A full backlog (EAGAIN) is a busy vTPM too. */
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		r = errno == EAGAIN ? -ETIMEDOUT : -errno;
		goto out;
	}
	if ((r = io_all(fd, true, cmd, sizeof(cmd), deadline)) < 0 ||
	    (r = io_all(fd, false, rsp, HEADER_LEN, deadline)) < 0)
		goto out;
	size = get32(rsp + 2);
	rc = get32(rsp + 6);
	if (size < HEADER_LEN || size > sizeof(rsp)) {
		r = -EBADMSG;
		goto out;
	}
	if ((r = io_all(fd, false, rsp + HEADER_LEN, size - HEADER_LEN, deadline)) < 0)
		goto out;
	if (rc != 0)
		r = rc == TPM_RC_INITIALIZE ? -EAGAIN : -EIO;
	else
		r = parse(rsp, size, pcr8, pcr9);
out:
	close(fd);
	return r;
}
