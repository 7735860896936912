/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_ATT_TLS_H
#define VG_ATT_TLS_H

/*
 * TLS 1.3 for attestation (wolfSSL): the channel between vmgate-agent and
 * vmgate-authd. Both ends present a certificate issued by the platform CA
 * and trust that CA alone. Only TLS 1.3, only AES-GCM and ChaCha20-Poly1305
 * suites (never the NULL ones), only X25519 key shares, no resumption and
 * no tickets: every session is a full handshake with fresh keys, so the
 * exporter value binds a quote to this one session.
 *
 * Every function returns 0 (or a length where said) on success and a
 * negative errno on failure:
 *   -EKEYREJECTED   the peer's certificate is not from the CA, or not for
 *                   its role (a server needs serverAuth, a client
 *                   clientAuth in extKeyUsage)
 *   -ENOKEY         the peer (a client) sent no certificate
 *   -ECONNREFUSED   the peer refused our certificate (its alert said so)
 *   -EPROTO         no common protocol version, suite or group, a
 *                   malformed handshake: whatever else ends a handshake
 *   -ETIMEDOUT      the deadline passed
 *   -ECONNRESET     the peer closed the connection or reset it
 *   -EIO            any other TLS failure
 * and what the sign callback returned when it failed. A session that
 * returned an error is unusable except for att_tls_close.
 *
 * A context may be shared by threads; a session belongs to one thread.
 * The socket stays the caller's: its flags are not changed (I/O uses
 * MSG_DONTWAIT and poll), SIGPIPE is never raised (MSG_NOSIGNAL), and
 * att_tls_close does not close it.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest chain we send: our certificate and intermediates. */
#define ATT_TLS_CHAIN_MAX 4
/* The exporter's label (RFC 8446 7.5) and output length. */
#define ATT_TLS_EXPORTER_LABEL "EXPORTER-vmgate-attestation"
#define ATT_TLS_EXPORTER_LEN 32

/*
 * Signs a digest with our certificate's ECC P-256 key, which lives
 * elsewhere (a TPM): writes r and s, each 32 bytes big-endian, and returns
 * 0, or a negative errno that fails the handshake and is returned by
 * att_tls_connect / att_tls_accept.
 */
typedef int (*att_tls_sign_fn)(void *ctx, const uint8_t *digest, size_t len,
			       uint8_t r[32], uint8_t s[32]);

struct att_tls_der {
	const uint8_t *der;
	size_t len;
};

struct att_tls_cfg {
	struct att_tls_der ca;          /* the platform CA: the one trust anchor */
	struct att_tls_der chain[ATT_TLS_CHAIN_MAX];    /* ours first */
	size_t chain_len;
	/* Exactly one of: the private key as DER (ECC P-256, SEC1 or
	 * PKCS#8), or a sign callback and its context. */
	struct att_tls_der key;
	att_tls_sign_fn sign;
	void *sign_ctx;
	/* Server only: accept a client certificate from any issuer, for any
	 * usage (the client must still prove it holds its key in
	 * CertificateVerify); the caller then decides who the client is
	 * from att_tls_peer_cert, against certificates it pinned (vmmd's
	 * operators). ca still anchors nothing else on a server. */
	bool pinned_clients;
};

struct att_tls_ctx;
struct att_tls_sess;

/*
 * A context for the server (authd: requires a client certificate) or the
 * client (agent). The configuration's buffers are copied and may be freed
 * afterwards. NULL on failure, with *err (when not NULL) set: -EINVAL for a
 * bad configuration (no CA, no certificate, both or neither of key and
 * sign, a key that is not our certificate's), -EBADMSG when a certificate
 * or the key cannot be parsed, -EPROTONOSUPPORT when our certificate's or
 * the key's is not a P-256 key, -ENOMEM, -EIO.
 */
struct att_tls_ctx *att_tls_server_new(const struct att_tls_cfg *cfg, int *err);
struct att_tls_ctx *att_tls_client_new(const struct att_tls_cfg *cfg, int *err);
/* Frees a context. Sessions made from it must be closed first. */
void att_tls_ctx_free(struct att_tls_ctx *ctx);

/*
 * Runs the handshake on the connected stream socket fd within timeout_ms
 * (negative: no deadline) and sets *sess. On failure *sess is NULL and
 * nothing needs freeing. A client's handshake may complete before the
 * server has checked the client's certificate: a refusal then shows on
 * the first att_tls_recv_frame (-ECONNREFUSED).
 */
int att_tls_accept(struct att_tls_ctx *ctx, int fd, int timeout_ms,
		   struct att_tls_sess **sess);
int att_tls_connect(struct att_tls_ctx *ctx, int fd, int timeout_ms,
		    struct att_tls_sess **sess);

/* The peer certificate's subject CN, NUL-terminated in buf (size bytes).
 * Returns its length; -EBADMSG when it has no valid CN, -ENOSPC. */
int att_tls_peer_cn(struct att_tls_sess *sess, char *buf, size_t size);

/* The peer's own certificate (the leaf it sent) as DER into buf (size
 * bytes). Returns its length; -EBADMSG when there is none, -ENOSPC. */
long att_tls_peer_cert(struct att_tls_sess *sess, uint8_t *buf, size_t size);

/* The session's exporter value (label ATT_TLS_EXPORTER_LABEL, no
 * context): the same at both ends of one session, different in every
 * other. 0 or -EIO. */
int att_tls_exporter(struct att_tls_sess *sess,
		     uint8_t out[ATT_TLS_EXPORTER_LEN]);

/* What was negotiated, for logs and vmgatectl; the strings are static. */
struct att_tls_info {
	const char *version;    /* "TLSv1.3" */
	const char *cipher;     /* wolfSSL's suite name */
	const char *group;      /* key exchange group, "X25519" */
	int resumed;            /* always 0: resumption is off */
};
int att_tls_info(struct att_tls_sess *sess, struct att_tls_info *info);

/* Sends len bytes (frames, or part of one: each call is one or more TLS
 * records) within timeout_ms. 0 or -errno. */
int att_tls_send(struct att_tls_sess *sess, const void *buf, size_t len,
		 int timeout_ms);

/*
 * Reads exactly one protocol frame into buf (size bytes) within
 * timeout_ms. The header is checked (magic, version: -EBADMSG; payload
 * length over ATT_PAYLOAD_MAX or over what buf holds: -EMSGSIZE) before
 * any byte of the payload is read. Returns the frame's length. After an
 * error the stream is out of step: close the session.
 */
long att_tls_recv_frame(struct att_tls_sess *sess, uint8_t *buf, size_t size,
			int timeout_ms);

/* Reads exactly len bytes (for protocols with their own framing) within
 * timeout_ms. 0 or -errno; after an error the stream is out of step. */
int att_tls_recv(struct att_tls_sess *sess, void *buf, size_t len,
		 int timeout_ms);

/* The session's socket. */
int att_tls_fd(const struct att_tls_sess *sess);

/* Sends close_notify (without waiting for the peer's) and frees the
 * session. The socket stays open. NULL is ignored. */
void att_tls_close(struct att_tls_sess *sess);

/*
 * Frees what wolfSSL keeps for the calling thread: its cache of ECC
 * fixed-point tables (over a megabyte once handshakes have run) and its
 * error queue. A thread that ran handshakes, other than the main one,
 * calls it before it ends, or that memory is lost.
 */
void att_tls_thread_end(void);

#endif
