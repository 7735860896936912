/* SPDX-License-Identifier: BSD-3-Clause */
/* Sessions: the handshake over a connected socket, and the end. */
#include "tls_local.h"

#include <errno.h>
#include <stdlib.h>
#include <wolfssl/wolfio.h>

static void sess_free(struct att_tls_sess *s)
{
	if (s->ssl)
		wolfSSL_free(s->ssl);
	free(s);
}

static struct att_tls_sess *sess_new(struct att_tls_ctx *ctx, int fd)
{
	struct att_tls_sess *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->ctx = ctx;
	s->fd = fd;
	s->ssl = wolfSSL_new(ctx->wolf);
	if (!s->ssl) {
		sess_free(s);
		return NULL;
	}
	wolfSSL_SetIOReadCtx(s->ssl, s);
	wolfSSL_SetIOWriteCtx(s->ssl, s);
	if (ctx->sign)
		wolfSSL_SetEccSignCtx(s->ssl, s);
	return s;
}

static int step_accept(WOLFSSL *ssl, void *arg)
{
	(void)arg;
	return wolfSSL_accept(ssl);
}

static int step_connect(WOLFSSL *ssl, void *arg)
{
	(void)arg;
	return wolfSSL_connect(ssl);
}

/* A session of ctx on fd, handshake done, in *sess. */
static int handshake(struct att_tls_ctx *ctx, int fd, int timeout_ms,
		     struct att_tls_sess **sess, bool server)
{
	struct att_tls_sess *s;
	int r;

	if (!sess)
		return -EINVAL;
	*sess = NULL;
	if (!ctx || fd < 0 || ctx->server != server)
		return -EINVAL;
	s = sess_new(ctx, fd);
	if (!s)
		return -ENOMEM;
	r = tls_run(s, server ? step_accept : step_connect, NULL,
		    tls_deadline(timeout_ms));
	if (r < 0) {
		sess_free(s);
		return r;
	}
	*sess = s;
	return 0;
}

int att_tls_accept(struct att_tls_ctx *ctx, int fd, int timeout_ms,
		   struct att_tls_sess **sess)
{
	return handshake(ctx, fd, timeout_ms, sess, true);
}

int att_tls_connect(struct att_tls_ctx *ctx, int fd, int timeout_ms,
		    struct att_tls_sess **sess)
{
	return handshake(ctx, fd, timeout_ms, sess, false);
}

int att_tls_fd(const struct att_tls_sess *sess)
{
	return sess ? sess->fd : -EINVAL;
}

void att_tls_close(struct att_tls_sess *sess)
{
	if (!sess)
		return;
	/* One try, without waiting: the peer learns the session ended
	 * cleanly if the socket takes the alert now. */
	if (wolfSSL_is_init_finished(sess->ssl))
		(void)wolfSSL_shutdown(sess->ssl);
	wolfSSL_ERR_clear_error();
	sess_free(sess);
}
