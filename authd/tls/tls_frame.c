/* SPDX-License-Identifier: BSD-3-Clause */
/* Protocol frames over a session: bytes out, and exactly one frame in,
 * its header checked before its payload is read. */
#include "tls_local.h"

#include <errno.h>
#include <limits.h>

#include "att_msg.h"

struct io_span {
	uint8_t *p;
	size_t len;
};

struct io_out {
	const uint8_t *p;
	size_t len;
};

static int step_read(WOLFSSL *ssl, void *arg)
{
	struct io_span *a = arg;

	return wolfSSL_read(ssl, a->p, a->len > INT_MAX ? INT_MAX : (int)a->len);
}

static int step_write(WOLFSSL *ssl, void *arg)
{
	struct io_out *a = arg;

	return wolfSSL_write(ssl, a->p, a->len > INT_MAX ? INT_MAX : (int)a->len);
}

/* Reads exactly len bytes, or fails. */
static int read_full(struct att_tls_sess *s, uint8_t *p, size_t len,
		     int64_t deadline)
{
	while (len) {
		struct io_span a = { p, len };
		int n = tls_run(s, step_read, &a, deadline);

		if (n < 0)
			return n;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int att_tls_send(struct att_tls_sess *sess, const void *buf, size_t len,
		 int timeout_ms)
{
	int64_t deadline = tls_deadline(timeout_ms);
	const uint8_t *p = buf;

	if (!sess || (!buf && len))
		return -EINVAL;
	while (len) {
		struct io_out a = { p, len };
		int n = tls_run(sess, step_write, &a, deadline);

		if (n < 0)
			return n;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int att_tls_recv(struct att_tls_sess *sess, void *buf, size_t len,
		 int timeout_ms)
{
	if (!sess || (!buf && len))
		return -EINVAL;
	return read_full(sess, buf, len, tls_deadline(timeout_ms));
}

long att_tls_recv_frame(struct att_tls_sess *sess, uint8_t *buf, size_t size,
			int timeout_ms)
{
	int64_t deadline = tls_deadline(timeout_ms);
	long plen;
	int r;

	if (!sess || !buf)
		return -EINVAL;
	if (size < ATT_HDR_LEN)
		return -EMSGSIZE;
	r = read_full(sess, buf, ATT_HDR_LEN, deadline);
	if (r < 0)
		return r;
	plen = att_frame_check(buf);
	if (plen == -EMSGSIZE || (plen >= 0 && (size_t)plen > size - ATT_HDR_LEN))
		return -EMSGSIZE;
	if (plen < 0)
		return -EBADMSG;
	r = read_full(sess, buf + ATT_HDR_LEN, (size_t)plen, deadline);
	if (r < 0)
		return r;
	return ATT_HDR_LEN + plen;
}
