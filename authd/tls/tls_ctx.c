/* SPDX-License-Identifier: BSD-3-Clause */
/* The TLS contexts of authd (server) and the agent (client): everything
 * that makes a session acceptable is fixed here, once. */
#include "tls_local.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <wolfssl/error-ssl.h>
#include <wolfssl/wolfcrypt/error-crypt.h>
#include <wolfssl/wolfio.h>

/* Debian's wolfSSL also has the TLS 1.3 NULL suites (integrity only):
 * the list is always set, to these three. */
static const char suites[] =
	"TLS13-AES128-GCM-SHA256:"
	"TLS13-AES256-GCM-SHA384:"
	"TLS13-CHACHA20-POLY1305-SHA256";

/* Certificates and keys are small; refusing big ones early keeps lengths
 * within wolfSSL's int and long arguments. */
#define DER_MAX 16384

static bool der_ok(const struct att_tls_der *d)
{
	return d->der && d->len > 0 && d->len <= DER_MAX;
}

/* 0 when cfg names a CA, a chain, and exactly one of key and sign. */
static int cfg_check(const struct att_tls_cfg *cfg)
{
	bool has_key;

	if (!cfg || !der_ok(&cfg->ca) || cfg->chain_len == 0 ||
	    cfg->chain_len > ATT_TLS_CHAIN_MAX)
		return -EINVAL;
	for (size_t i = 0; i < cfg->chain_len; i++)
		if (!der_ok(&cfg->chain[i]))
			return -EINVAL;
	has_key = cfg->key.der || cfg->key.len;
	if (has_key == (cfg->sign != NULL) || (has_key && !der_ok(&cfg->key)))
		return -EINVAL;
	return 0;
}

/* The errno for a certificate or key wolfSSL would not load. */
static int load_errno(int rc)
{
	return rc == MEMORY_E || rc == MEMORY_ERROR ? -ENOMEM : -EBADMSG;
}

/* Our chain, leaf first, as one buffer of DER certificates one after the
 * other. */
static int load_chain(WOLFSSL_CTX *wolf, const struct att_tls_cfg *cfg)
{
	size_t total = 0, off = 0;
	uint8_t *buf;
	int rc;

	if (cfg->chain_len == 1) {
		rc = wolfSSL_CTX_use_certificate_buffer(wolf, cfg->chain[0].der,
							(long)cfg->chain[0].len,
							WOLFSSL_FILETYPE_ASN1);
	} else {
		for (size_t i = 0; i < cfg->chain_len; i++)
			total += cfg->chain[i].len;
		buf = malloc(total);
		if (!buf)
			return -ENOMEM;
		for (size_t i = 0; i < cfg->chain_len; i++) {
			memcpy(buf + off, cfg->chain[i].der, cfg->chain[i].len);
			off += cfg->chain[i].len;
		}
		rc = wolfSSL_CTX_use_certificate_chain_buffer_format(wolf, buf,
				(long)total, WOLFSSL_FILETYPE_ASN1);
		free(buf);
	}
	return rc == WOLFSSL_SUCCESS ? 0 : load_errno(rc);
}

/* The private key in this process (tls_key_check has matched it with our
 * certificate); or the sign callback, and then no private key at all:
 * wolfSSL accepts a certificate without key when a PK callback can sign
 * for it. */
static int load_key(struct att_tls_ctx *ctx, const struct att_tls_cfg *cfg)
{
	int rc;

	if (cfg->sign) {
		ctx->sign = cfg->sign;
		ctx->sign_ctx = cfg->sign_ctx;
		wolfSSL_CTX_SetEccSignCb(ctx->wolf, tls_ecc_sign);
		return 0;
	}
	rc = wolfSSL_CTX_use_PrivateKey_buffer(ctx->wolf, cfg->key.der,
					       (long)cfg->key.len,
					       WOLFSSL_FILETYPE_ASN1);
	return rc == WOLFSSL_SUCCESS ? 0 : load_errno(rc);
}

/* Version, suites, group, no resumption, the socket callbacks. */
static int set_policy(struct att_tls_ctx *ctx)
{
	int groups[] = { WOLFSSL_ECC_X25519 };

	if (wolfSSL_CTX_set_cipher_list(ctx->wolf, suites) != WOLFSSL_SUCCESS ||
	    wolfSSL_CTX_set_groups(ctx->wolf, groups, 1) != WOLFSSL_SUCCESS)
		return -EIO;
	wolfSSL_CTX_set_session_cache_mode(ctx->wolf, WOLFSSL_SESS_CACHE_OFF);
	/* No NewSessionTicket from the server. (wolfSSL refuses this call
	 * on a client, SIDE_ERROR: a client resumes only when given a
	 * session, which never happens here.) */
	if (ctx->server && wolfSSL_CTX_no_ticket_TLSv13(ctx->wolf) != 0)
		return -EIO;
	if (ctx->server)
		wolfSSL_CTX_set_verify(ctx->wolf, WOLFSSL_VERIFY_PEER |
				       WOLFSSL_VERIFY_FAIL_IF_NO_PEER_CERT,
				       ctx->pinned_clients ? tls_verify_pinned
							   : tls_verify_client);
	else
		wolfSSL_CTX_set_verify(ctx->wolf, WOLFSSL_VERIFY_PEER,
				       tls_verify_server);
	wolfSSL_CTX_SetIORecv(ctx->wolf, tls_io_recv);
	wolfSSL_CTX_SetIOSend(ctx->wolf, tls_io_send);
	return 0;
}

static struct att_tls_ctx *ctx_new(const struct att_tls_cfg *cfg, bool server,
				   int *err)
{
	struct att_tls_ctx *ctx = NULL;
	int r = cfg_check(cfg);

	if (r == 0 && cfg->pinned_clients && !server)
		r = -EINVAL;
	if (r == 0)
		r = tls_wolf_init();
	if (r == 0)
		r = tls_key_check(cfg);
	if (r == 0 && !(ctx = calloc(1, sizeof(*ctx))))
		r = -ENOMEM;
	if (r == 0) {
		ctx->server = server;
		ctx->pinned_clients = cfg->pinned_clients;
		ctx->wolf = wolfSSL_CTX_new(server ? wolfTLSv1_3_server_method()
						   : wolfTLSv1_3_client_method());
		if (!ctx->wolf)
			r = -ENOMEM;
	}
	if (r == 0)
		r = set_policy(ctx);
	if (r == 0) {
		int rc = wolfSSL_CTX_load_verify_buffer(ctx->wolf, cfg->ca.der,
							(long)cfg->ca.len,
							WOLFSSL_FILETYPE_ASN1);

		r = rc == WOLFSSL_SUCCESS ? 0 : load_errno(rc);
	}
	if (r == 0)
		r = load_chain(ctx->wolf, cfg);
	if (r == 0)
		r = load_key(ctx, cfg);
	wolfSSL_ERR_clear_error();
	if (r < 0) {
		att_tls_ctx_free(ctx);
		ctx = NULL;
	}
	if (err)
		*err = r;
	return ctx;
}

struct att_tls_ctx *att_tls_server_new(const struct att_tls_cfg *cfg, int *err)
{
	return ctx_new(cfg, true, err);
}

struct att_tls_ctx *att_tls_client_new(const struct att_tls_cfg *cfg, int *err)
{
	return ctx_new(cfg, false, err);
}

void att_tls_ctx_free(struct att_tls_ctx *ctx)
{
	if (!ctx)
		return;
	if (ctx->wolf)
		wolfSSL_CTX_free(ctx->wolf);
	free(ctx);
}
