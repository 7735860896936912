/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_TLS_LOCAL_H
#define VG_TLS_LOCAL_H

/* Shared by the TLS library's files; not part of its interface. */

#include <wolfssl/options.h>
#include <wolfssl/ssl.h>

#include <stdbool.h>
#include <stdint.h>

#include "att_tls.h"

struct att_tls_ctx {
	WOLFSSL_CTX *wolf;
	att_tls_sign_fn sign;   /* NULL when wolfSSL holds the key */
	void *sign_ctx;
	bool server;
	bool pinned_clients;
};

struct att_tls_sess {
	WOLFSSL *ssl;
	struct att_tls_ctx *ctx;
	int fd;
	int io_err;             /* -errno of the socket call that failed */
	int sign_err;           /* what the sign callback returned, failing */
};

/* wolfSSL_Init, once per process (never cleaned up: other users of
 * wolfSSL in the process, the certificate library, share it). 0 or -EIO. */
int tls_wolf_init(void);

/* The socket I/O wolfSSL uses (wolfio.h callbacks): never blocks, never
 * raises SIGPIPE, records the errno of a failed call in the session. */
int tls_io_recv(WOLFSSL *ssl, char *buf, int sz, void *ctx);
int tls_io_send(WOLFSSL *ssl, char *buf, int sz, void *ctx);

/* Checks our certificate's key: a P-256 point (-EBADMSG when the
 * certificate cannot be read, -EPROTONOSUPPORT for another key type), and
 * when the private key is a DER buffer, that key (-EINVAL when it is
 * another key, -EBADMSG when it cannot be read). */
int tls_key_check(const struct att_tls_cfg *cfg);

/* The PK callback that hands ECDSA signatures to the context's sign
 * function (the session is its context). */
int tls_ecc_sign(WOLFSSL *ssl, const unsigned char *in, unsigned int in_len,
		 unsigned char *out, word32 *out_len, const unsigned char *key,
		 unsigned int key_len, void *ctx);

/* Leaf certificate checks of the verify callback: the peer's certificate
 * must name the role it plays in extKeyUsage. */
int tls_verify_client(int preverify, WOLFSSL_X509_STORE_CTX *store);
int tls_verify_server(int preverify, WOLFSSL_X509_STORE_CTX *store);
/* A server's of pinned client certificates: any chain (the caller pins
 * the leaf after the handshake). */
int tls_verify_pinned(int preverify, WOLFSSL_X509_STORE_CTX *store);

/* A monotonic deadline timeout_ms from now (negative: none, INT64_MAX). */
int64_t tls_deadline(int timeout_ms);

/* One step of an operation: a wolfSSL call's return value. */
typedef int (*tls_step)(WOLFSSL *ssl, void *arg);

/*
 * Calls step until it returns a positive value (returned), waiting on the
 * socket whenever wolfSSL wants to read or write, until deadline. Returns
 * -ETIMEDOUT past it, or the errno of the failure (tls_errno).
 */
int tls_run(struct att_tls_sess *s, tls_step step, void *arg,
	    int64_t deadline);

/* The negative errno for a failed wolfSSL call on s whose
 * wolfSSL_get_error() is err (see att_tls.h). */
int tls_errno(struct att_tls_sess *s, int err);

#endif
