/* SPDX-License-Identifier: BSD-3-Clause */
/* The socket under wolfSSL. The fd is the caller's, so its flags stay as
 * they are: every call is MSG_DONTWAIT (and MSG_NOSIGNAL), and "would
 * block" goes back to wolfSSL, whose caller (tls_run) polls. */
#include "tls_local.h"

#include <errno.h>
#include <sys/socket.h>
#include <wolfssl/wolfio.h>

/* The callback's answer to a failed socket call; records the errno. */
static int io_error(struct att_tls_sess *s, int err)
{
	switch (err) {
	case EAGAIN:
#if EWOULDBLOCK != EAGAIN
	case EWOULDBLOCK:
#endif
		return WOLFSSL_CBIO_ERR_WANT_READ;      /* == WANT_WRITE */
	case EINTR:
		return WOLFSSL_CBIO_ERR_ISR;
	case ECONNRESET:
	case EPIPE:
		s->io_err = -ECONNRESET;
		return WOLFSSL_CBIO_ERR_CONN_RST;
	default:
		s->io_err = -err;
		return WOLFSSL_CBIO_ERR_GENERAL;
	}
}

int tls_io_recv(WOLFSSL *ssl, char *buf, int sz, void *ctx)
{
	struct att_tls_sess *s = ctx;
	ssize_t n;

	(void)ssl;
	n = recv(s->fd, buf, (size_t)sz, MSG_DONTWAIT);
	if (n > 0)
		return (int)n;
	if (n == 0) {
		s->io_err = -ECONNRESET;
		return WOLFSSL_CBIO_ERR_CONN_CLOSE;
	}
	return io_error(s, errno);
}

int tls_io_send(WOLFSSL *ssl, char *buf, int sz, void *ctx)
{
	struct att_tls_sess *s = ctx;
	ssize_t n;

	(void)ssl;
	n = send(s->fd, buf, (size_t)sz, MSG_DONTWAIT | MSG_NOSIGNAL);
	if (n >= 0)
		return (int)n;
	return io_error(s, errno);
}
