/* SPDX-License-Identifier: BSD-3-Clause */
/* TLS 1.3 for attestation, both ends in one process over a socketpair
 * (the server in a thread): certificates from the platform CA and nothing
 * else, TLS 1.3 with the three AEAD suites and X25519 only, no
 * resumption, the exporter binding, a key that signs through a callback,
 * and frames read whole with a deadline. Peers that break the rules are
 * plain wolfSSL sessions configured to break them. */
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/wolfcrypt/asn_public.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/random.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "att_msg.h"
#include "att_tls.h"
#include "cunit_runner.h"
#include "vt_cert.h"

#define DAYS 30
#define TIMEOUT_MS 5000
#define SERVER_CN "vmgate-gateway"
#define CLIENT_CN "guest-a"

struct soft_key {
	ecc_key key;
	uint8_t x[32], y[32];
	uint8_t der[256];
	size_t der_len;
};

struct soft_ca {
	struct soft_key k;
	struct vt_signer signer;
	uint8_t der[VT_CERT_DER_MAX];
	size_t len;
};

struct cert {
	uint8_t der[VT_CERT_DER_MAX];
	size_t len;
};

/* The RNG is used by the main thread only: CA signatures during setup and
 * the sign callback of clients, which always run in the main thread. */
static WC_RNG rng;
static struct soft_ca ca, other_ca;
static struct soft_key server_key, client_key;
static struct cert server_cert, client_cert, client_cert_other_ca,
		   server_cert_other_ca, client_cert_server_usage,
		   client_cert_ak, server_cert_client_usage;
static struct att_tls_ctx *server_ctx, *client_ctx;

static const char *const suites[] = {
	"TLS13-AES128-GCM-SHA256",
	"TLS13-AES256-GCM-SHA384",
	"TLS13-CHACHA20-POLY1305-SHA256",
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ECDSA over digest with key: raw r and s, as a TPM returns them. */
static int ecdsa_sign(ecc_key *key, const uint8_t *digest, size_t len,
		      uint8_t r[32], uint8_t s[32])
{
	uint8_t sig[ECC_MAX_SIG_SIZE], rr[32], ss[32];
	word32 sig_len = sizeof(sig), r_len = sizeof(rr), s_len = sizeof(ss);

	if (wc_ecc_sign_hash(digest, (word32)len, sig, &sig_len, &rng, key) != 0 ||
	    wc_ecc_sig_to_rs(sig, sig_len, rr, &r_len, ss, &s_len) != 0)
		return -EIO;
	memset(r, 0, 32);
	memset(s, 0, 32);
	memcpy(r + 32 - r_len, rr, r_len);
	memcpy(s + 32 - s_len, ss, s_len);
	return 0;
}

static int ca_sign(void *ctx, const uint8_t digest[32], uint8_t r[32],
		   uint8_t s[32])
{
	struct soft_ca *c = ctx;

	return ecdsa_sign(&c->k.key, digest, 32, r, s);
}

/* The client key "in the TPM": signs through the callback only. */
struct tpm_key {
	int fail;               /* returned instead of signing when set */
	unsigned calls;
};

static int tpm_sign(void *ctx, const uint8_t *digest, size_t len,
		    uint8_t r[32], uint8_t s[32])
{
	struct tpm_key *t = ctx;

	t->calls++;
	if (t->fail)
		return t->fail;
	return ecdsa_sign(&client_key.key, digest, len, r, s);
}

static int new_key(struct soft_key *k)
{
	word32 x_len = 32, y_len = 32;
	int n;

	if (wc_ecc_init(&k->key) != 0 ||
	    wc_ecc_make_key_ex(&rng, 32, &k->key, ECC_SECP256R1) != 0 ||
	    wc_ecc_export_public_raw(&k->key, k->x, &x_len, k->y, &y_len) != 0)
		return -1;
	n = wc_EccKeyToDer(&k->key, k->der, sizeof(k->der));
	if (n <= 0)
		return -1;
	k->der_len = (size_t)n;
	return 0;
}

static int new_ca(struct soft_ca *c, const char *cn)
{
	if (new_key(&c->k) < 0)
		return -1;
	c->signer.sign = ca_sign;
	c->signer.ctx = c;
	memcpy(c->signer.x, c->k.x, 32);
	memcpy(c->signer.y, c->k.y, 32);
	c->len = sizeof(c->der);
	return vt_cert_ca_self(&c->signer, cn, DAYS, c->der, &c->len);
}

static int issue(struct cert *out, const struct soft_ca *by, const char *cn,
		 const struct soft_key *k, enum vt_cert_kind kind)
{
	out->len = sizeof(out->der);
	return vt_cert_issue(&by->signer, by->der, by->len, cn, k->x, k->y, kind,
			     DAYS, out->der, &out->len);
}

static struct att_tls_cfg cfg_of(const struct soft_ca *trust,
				 const struct cert *c, const struct soft_key *k)
{
	struct att_tls_cfg cfg = {
		.ca = { trust->der, trust->len },
		.chain = { { c->der, c->len } },
		.chain_len = 1,
	};

	if (k) {
		cfg.key.der = k->der;
		cfg.key.len = k->der_len;
	}
	return cfg;
}

static struct att_tls_ctx *server_with(const struct cert *c,
				       const struct soft_key *k)
{
	struct att_tls_cfg cfg = cfg_of(&ca, c, k);

	return att_tls_server_new(&cfg, NULL);
}

static struct att_tls_ctx *client_with(const struct cert *c,
				       const struct soft_key *k)
{
	struct att_tls_cfg cfg = cfg_of(&ca, c, k);

	return att_tls_client_new(&cfg, NULL);
}

static int suite_init(void)
{
	signal(SIGPIPE, SIG_IGN);
	if (wolfCrypt_Init() != 0 || wc_InitRng(&rng) != 0)
		return -1;
	if (new_ca(&ca, "vmgate platform CA") != 0 ||
	    new_ca(&other_ca, "another CA") != 0 ||
	    new_key(&server_key) < 0 || new_key(&client_key) < 0)
		return -1;
	if (issue(&server_cert, &ca, SERVER_CN, &server_key, VT_CERT_TLS_SERVER) ||
	    issue(&client_cert, &ca, CLIENT_CN, &client_key, VT_CERT_TLS_CLIENT) ||
	    issue(&client_cert_other_ca, &other_ca, CLIENT_CN, &client_key,
		  VT_CERT_TLS_CLIENT) ||
	    issue(&server_cert_other_ca, &other_ca, SERVER_CN, &server_key,
		  VT_CERT_TLS_SERVER) ||
	    issue(&client_cert_server_usage, &ca, CLIENT_CN, &client_key,
		  VT_CERT_TLS_SERVER) ||
	    issue(&client_cert_ak, &ca, CLIENT_CN, &client_key, VT_CERT_AK) ||
	    issue(&server_cert_client_usage, &ca, SERVER_CN, &server_key,
		  VT_CERT_TLS_CLIENT))
		return -1;
	server_ctx = server_with(&server_cert, &server_key);
	client_ctx = client_with(&client_cert, &client_key);
	return server_ctx && client_ctx ? 0 : -1;
}

static int suite_cleanup(void)
{
	att_tls_ctx_free(server_ctx);
	att_tls_ctx_free(client_ctx);
	wc_ecc_free(&ca.k.key);
	wc_ecc_free(&other_ca.k.key);
	wc_ecc_free(&server_key.key);
	wc_ecc_free(&client_key.key);
	wc_FreeRng(&rng);
	att_tls_thread_end();
	return 0;
}

/* One end of a session and what it saw. */
struct end {
	struct att_tls_ctx *ctx;
	bool server;
	int fd;
	int timeout_ms;
	/* Runs after a handshake that succeeded, in the end's thread. */
	void (*then)(struct end *e);
	const uint8_t *send;    /* for then: bytes to send, in pieces */
	size_t send_len, piece;
	/* What happened; asserted in the main thread (CUnit is not
	 * thread-safe). */
	int rc;
	struct att_tls_sess *sess;
	char cn[VT_CERT_CN_MAX + 1];
	int cn_len, exporter_rc, info_rc, send_rc;
	uint8_t exporter[ATT_TLS_EXPORTER_LEN];
	struct att_tls_info info;
	uint8_t frame[ATT_FRAME_MAX];
	size_t frame_size;      /* for then: the receive buffer's size */
	long frame_rc;
	int64_t frame_ms;       /* how long the receive took */
};

static void *run_end(void *arg)
{
	struct end *e = arg;

	if (!e->timeout_ms)
		e->timeout_ms = TIMEOUT_MS;
	e->rc = e->server ? att_tls_accept(e->ctx, e->fd, e->timeout_ms, &e->sess)
			  : att_tls_connect(e->ctx, e->fd, e->timeout_ms, &e->sess);
	if (e->rc == 0) {
		e->cn_len = att_tls_peer_cn(e->sess, e->cn, sizeof(e->cn));
		e->exporter_rc = att_tls_exporter(e->sess, e->exporter);
		e->info_rc = att_tls_info(e->sess, &e->info);
		if (e->then)
			e->then(e);
	} else {
		/* The other end learns at once that nothing more comes. */
		shutdown(e->fd, SHUT_WR);
	}
	return NULL;
}

/* run_end in a thread of its own, which then gives back wolfSSL's
 * per-thread memory. */
static void *run_end_thread(void *arg)
{
	run_end(arg);
	att_tls_thread_end();
	return NULL;
}

/* Receives one frame into e->frame (e->frame_size bytes, or all). */
static void recv_one(struct end *e)
{
	int64_t t0 = now_ms();

	e->frame_rc = att_tls_recv_frame(e->sess, e->frame,
					 e->frame_size ? e->frame_size : sizeof(e->frame),
					 e->timeout_ms);
	e->frame_ms = now_ms() - t0;
}

/* Sends e->send in pieces of e->piece bytes (all at once when 0). */
static void send_pieces(struct end *e)
{
	size_t piece = e->piece ? e->piece : e->send_len;

	for (size_t off = 0; off < e->send_len && !e->send_rc; off += piece) {
		size_t n = e->send_len - off < piece ? e->send_len - off : piece;

		e->send_rc = att_tls_send(e->sess, e->send + off, n, TIMEOUT_MS);
	}
}

static void socket_pair(int *a, int *b)
{
	int sv[2];

	CU_ASSERT_EQUAL_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	*a = sv[0];
	*b = sv[1];
}

/* A session between s (in a thread) and c (here). */
static void run_pair(struct end *s, struct end *c)
{
	pthread_t t;

	socket_pair(&s->fd, &c->fd);
	s->server = true;
	c->server = false;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, run_end_thread, s), 0);
	run_end(c);
	pthread_join(t, NULL);
}

static void end_close(struct end *e)
{
	att_tls_close(e->sess);
	e->sess = NULL;
	close(e->fd);
}

static void test_handshake_with_ca_certificates_shows_both_names(void)
{
	struct end s = { .ctx = server_ctx }, c = { .ctx = client_ctx };

	run_pair(&s, &c);
	CU_ASSERT_EQUAL(s.rc, 0);
	CU_ASSERT_EQUAL(c.rc, 0);
	CU_ASSERT_EQUAL(s.cn_len, (int)strlen(CLIENT_CN));
	CU_ASSERT_STRING_EQUAL(s.cn, CLIENT_CN);
	CU_ASSERT_EQUAL(c.cn_len, (int)strlen(SERVER_CN));
	CU_ASSERT_STRING_EQUAL(c.cn, SERVER_CN);
	CU_ASSERT_EQUAL(att_tls_fd(s.sess), s.fd);
	CU_ASSERT_EQUAL(s.exporter_rc | c.exporter_rc | s.info_rc | c.info_rc, 0);
	end_close(&s);
	end_close(&c);
}

static void test_tls13_with_an_aead_suite_and_x25519_is_negotiated(void)
{
	struct end s = { .ctx = server_ctx }, c = { .ctx = client_ctx };
	bool known = false;

	run_pair(&s, &c);
	CU_ASSERT_EQUAL_FATAL(s.rc, 0);
	CU_ASSERT_EQUAL_FATAL(c.rc, 0);
	CU_ASSERT_STRING_EQUAL(s.info.version, "TLSv1.3");
	CU_ASSERT_STRING_EQUAL(c.info.version, "TLSv1.3");
	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
		known |= strcmp(s.info.cipher, suites[i]) == 0;
	CU_ASSERT_TRUE(known);
	CU_ASSERT_STRING_EQUAL(c.info.cipher, s.info.cipher);
	CU_ASSERT_STRING_EQUAL(s.info.group, "X25519");
	CU_ASSERT_STRING_EQUAL(c.info.group, "X25519");
	end_close(&s);
	end_close(&c);
}

static void test_exporter_is_equal_at_both_ends_and_new_per_session(void)
{
	struct end s1 = { .ctx = server_ctx }, c1 = { .ctx = client_ctx };
	struct end s2 = { .ctx = server_ctx }, c2 = { .ctx = client_ctx };
	static const uint8_t zero[ATT_TLS_EXPORTER_LEN];

	run_pair(&s1, &c1);
	run_pair(&s2, &c2);
	CU_ASSERT_EQUAL_FATAL(s1.rc | c1.rc | s2.rc | c2.rc, 0);
	CU_ASSERT_EQUAL(s1.exporter_rc | c1.exporter_rc, 0);
	CU_ASSERT_EQUAL(s2.exporter_rc | c2.exporter_rc, 0);
	CU_ASSERT(memcmp(s1.exporter, c1.exporter, ATT_TLS_EXPORTER_LEN) == 0);
	CU_ASSERT(memcmp(s2.exporter, c2.exporter, ATT_TLS_EXPORTER_LEN) == 0);
	CU_ASSERT(memcmp(s1.exporter, s2.exporter, ATT_TLS_EXPORTER_LEN) != 0);
	CU_ASSERT(memcmp(s1.exporter, zero, ATT_TLS_EXPORTER_LEN) != 0);
	end_close(&s1);
	end_close(&c1);
	end_close(&s2);
	end_close(&c2);
}

/* The client's view of a refusal by the server: its handshake fails, or
 * (TLS 1.3 clients finish first) its first read does. */
static int client_refusal(const struct end *c)
{
	return c->rc ? c->rc : (int)c->frame_rc;
}

static void test_client_certificate_from_another_ca_is_refused(void)
{
	struct att_tls_ctx *other = client_with(&client_cert_other_ca, &client_key);
	struct end s = { .ctx = server_ctx }, c = { .ctx = other, .then = recv_one };

	CU_ASSERT_PTR_NOT_NULL_FATAL(other);
	run_pair(&s, &c);
	CU_ASSERT_EQUAL(s.rc, -EKEYREJECTED);
	CU_ASSERT_PTR_NULL(s.sess);
	CU_ASSERT_EQUAL(client_refusal(&c), -ECONNREFUSED);
	end_close(&s);
	end_close(&c);
	att_tls_ctx_free(other);
}

static void test_server_certificate_from_another_ca_is_refused(void)
{
	struct att_tls_ctx *other = server_with(&server_cert_other_ca, &server_key);
	struct end s = { .ctx = other }, c = { .ctx = client_ctx };

	CU_ASSERT_PTR_NOT_NULL_FATAL(other);
	run_pair(&s, &c);
	CU_ASSERT_EQUAL(c.rc, -EKEYREJECTED);
	CU_ASSERT_PTR_NULL(c.sess);
	CU_ASSERT_EQUAL(s.rc, -ECONNREFUSED);
	end_close(&s);
	end_close(&c);
	att_tls_ctx_free(other);
}

/* Certificates of the right CA but for another role: a guest's key
 * certified for serverAuth, an attestation key's certificate (no
 * extKeyUsage), a gateway certificate for clientAuth. */
static void test_certificate_for_another_role_is_refused(void)
{
	const struct cert *client_certs[] = { &client_cert_server_usage,
					      &client_cert_ak };
	struct att_tls_ctx *srv = server_with(&server_cert_client_usage, &server_key);
	struct end s = { .ctx = srv }, c = { .ctx = client_ctx };

	for (size_t i = 0; i < 2; i++) {
		struct att_tls_ctx *cli = client_with(client_certs[i], &client_key);
		struct end s1 = { .ctx = server_ctx }, c1 = { .ctx = cli, .then = recv_one };

		CU_ASSERT_PTR_NOT_NULL_FATAL(cli);
		run_pair(&s1, &c1);
		CU_ASSERT_EQUAL(s1.rc, -EKEYREJECTED);
		CU_ASSERT_NOT_EQUAL(client_refusal(&c1), 0);
		end_close(&s1);
		end_close(&c1);
		att_tls_ctx_free(cli);
	}

	CU_ASSERT_PTR_NOT_NULL_FATAL(srv);
	run_pair(&s, &c);
	CU_ASSERT_EQUAL(c.rc, -EKEYREJECTED);
	CU_ASSERT_NOT_EQUAL(s.rc, 0);
	end_close(&s);
	end_close(&c);
	att_tls_ctx_free(srv);
}

/* A plain wolfSSL context for peers that break the rules. */
struct raw_cfg {
	WOLFSSL_METHOD *method;
	const char *ciphers;    /* NULL: wolfSSL's default */
	int group;              /* 0: wolfSSL's default */
	const struct cert *cert;        /* NULL: no certificate */
	const struct soft_key *key;
};

static WOLFSSL_CTX *raw_ctx(const struct raw_cfg *r)
{
	WOLFSSL_CTX *ctx = wolfSSL_CTX_new(r->method);

	CU_ASSERT_PTR_NOT_NULL_FATAL(ctx);
	CU_ASSERT_EQUAL(wolfSSL_CTX_load_verify_buffer(ctx, ca.der, (long)ca.len,
			WOLFSSL_FILETYPE_ASN1), WOLFSSL_SUCCESS);
	if (r->ciphers)
		CU_ASSERT_EQUAL(wolfSSL_CTX_set_cipher_list(ctx, r->ciphers),
				WOLFSSL_SUCCESS);
	if (r->group) {
		int groups[] = { r->group };

		CU_ASSERT_EQUAL(wolfSSL_CTX_set_groups(ctx, groups, 1), WOLFSSL_SUCCESS);
	}
	if (r->cert) {
		CU_ASSERT_EQUAL(wolfSSL_CTX_use_certificate_buffer(ctx, r->cert->der,
				(long)r->cert->len, WOLFSSL_FILETYPE_ASN1), WOLFSSL_SUCCESS);
		CU_ASSERT_EQUAL(wolfSSL_CTX_use_PrivateKey_buffer(ctx, r->key->der,
				(long)r->key->der_len, WOLFSSL_FILETYPE_ASN1), WOLFSSL_SUCCESS);
	}
	wolfSSL_CTX_set_verify(ctx, WOLFSSL_VERIFY_PEER, NULL);
	return ctx;
}

/* A plain wolfSSL client (blocking, in the main thread). */
struct raw_client {
	WOLFSSL_CTX *ctx;
	WOLFSSL_SESSION *resume;        /* offered when set */
	WOLFSSL *ssl;
	int fd;
	int rc;                 /* 0 or wolfSSL's error */
};

static void raw_connect(struct raw_client *c)
{
	int r;

	c->ssl = wolfSSL_new(c->ctx);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c->ssl);
	wolfSSL_set_fd(c->ssl, c->fd);
	if (c->resume)
		wolfSSL_set_session(c->ssl, c->resume);
	r = wolfSSL_connect(c->ssl);
	c->rc = r == WOLFSSL_SUCCESS ? 0 : wolfSSL_get_error(c->ssl, r);
	if (c->rc)
		shutdown(c->fd, SHUT_WR);
}

static void raw_client_free(struct raw_client *c)
{
	wolfSSL_free(c->ssl);
	c->ssl = NULL;
	close(c->fd);
}

/* Our server (in a thread) against a plain wolfSSL client (here). */
static void server_vs_raw(struct end *s, struct raw_client *c)
{
	pthread_t t;

	socket_pair(&s->fd, &c->fd);
	s->server = true;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, run_end_thread, s), 0);
	raw_connect(c);
	pthread_join(t, NULL);
}

static void test_client_without_certificate_is_refused(void)
{
	struct raw_cfg rc = { .method = wolfTLSv1_3_client_method() };
	struct raw_client c = { .ctx = raw_ctx(&rc) };
	struct end s = { .ctx = server_ctx };
	char buf[8];

	server_vs_raw(&s, &c);
	CU_ASSERT_EQUAL(s.rc, -ENOKEY);
	/* The client may finish first; then its first read fails. */
	if (c.rc == 0)
		CU_ASSERT(wolfSSL_read(c.ssl, buf, sizeof(buf)) <= 0);
	raw_client_free(&c);
	wolfSSL_CTX_free(c.ctx);
	end_close(&s);
	wolfSSL_ERR_clear_error();
}

/* Our server against a plain client configured by rc, which must fail
 * with server error rc_server. */
static void expect_raw_client_refused(const struct raw_cfg *rc, int rc_server)
{
	struct raw_client c = { .ctx = raw_ctx(rc) };
	struct end s = { .ctx = server_ctx };

	server_vs_raw(&s, &c);
	CU_ASSERT_NOT_EQUAL(c.rc, 0);
	CU_ASSERT_EQUAL(s.rc, rc_server);
	CU_ASSERT_PTR_NULL(s.sess);
	raw_client_free(&c);
	wolfSSL_CTX_free(c.ctx);
	end_close(&s);
	wolfSSL_ERR_clear_error();
}

static void test_tls12_client_is_refused(void)
{
	struct raw_cfg rc = { .method = wolfTLSv1_2_client_method(),
			      .cert = &client_cert, .key = &client_key };

	expect_raw_client_refused(&rc, -EPROTO);
}

static void test_client_offering_only_null_ciphers_is_refused(void)
{
	struct raw_cfg rc = { .method = wolfTLSv1_3_client_method(),
			      .ciphers = "TLS13-SHA256-SHA256:TLS13-SHA384-SHA384",
			      .cert = &client_cert, .key = &client_key };

	expect_raw_client_refused(&rc, -EPROTO);
}

static void test_client_offering_only_p256_key_share_is_refused(void)
{
	struct raw_cfg rc = { .method = wolfTLSv1_3_client_method(),
			      .group = WOLFSSL_ECC_SECP256R1,
			      .cert = &client_cert, .key = &client_key };

	expect_raw_client_refused(&rc, -EPROTO);
}

/* Each of the three suites is accepted when it is all a client offers. */
static void test_each_aead_suite_alone_is_accepted(void)
{
	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		struct raw_cfg rc = { .method = wolfTLSv1_3_client_method(),
				      .ciphers = suites[i],
				      .cert = &client_cert, .key = &client_key };
		struct raw_client c = { .ctx = raw_ctx(&rc) };
		struct end s = { .ctx = server_ctx };

		server_vs_raw(&s, &c);
		CU_ASSERT_EQUAL(c.rc, 0);
		CU_ASSERT_EQUAL(s.rc, 0);
		if (s.rc == 0)
			CU_ASSERT_STRING_EQUAL(s.info.cipher, suites[i]);
		raw_client_free(&c);
		wolfSSL_CTX_free(c.ctx);
		end_close(&s);
	}
	wolfSSL_ERR_clear_error();
}

/* A plain wolfSSL server for our client: s->ctx is unused, the server
 * runs this instead of att_tls_accept. */
struct raw_server {
	WOLFSSL_CTX *ctx;
	int fd;
	int rc;
	int reused;
};

static void *raw_server_main(void *arg)
{
	static const uint8_t frame[] = { 'V', 'A', 1, ATT_REATTEST, 0, 0, 0, 0 };
	struct raw_server *r = arg;
	WOLFSSL *ssl = wolfSSL_new(r->ctx);
	int ret;

	wolfSSL_set_fd(ssl, r->fd);
	ret = wolfSSL_accept(ssl);
	r->rc = ret == WOLFSSL_SUCCESS ? 0 : wolfSSL_get_error(ssl, ret);
	r->reused = wolfSSL_session_reused(ssl);
	if (r->rc == 0)
		wolfSSL_write(ssl, frame, sizeof(frame));
	else
		shutdown(r->fd, SHUT_WR);
	wolfSSL_free(ssl);
	att_tls_thread_end();
	return NULL;
}

/* Our client (here) against a plain wolfSSL server (in a thread). */
static void client_vs_raw(struct end *c, struct raw_server *r)
{
	pthread_t t;

	socket_pair(&r->fd, &c->fd);
	c->server = false;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, raw_server_main, r), 0);
	run_end(c);
	pthread_join(t, NULL);
	close(r->fd);
}

/* The resumption tests would see a resumption: the same plain client
 * resumes with a plain wolfSSL server that allows it. */
static void test_plain_client_resumes_where_a_server_allows_it(void)
{
	struct raw_cfg sc = { .method = wolfTLSv1_3_server_method(),
			      .cert = &server_cert, .key = &server_key };
	struct raw_cfg cc = { .method = wolfTLSv1_3_client_method(),
			      .cert = &client_cert, .key = &client_key };
	struct raw_server r1 = { .ctx = raw_ctx(&sc) }, r2 = { .ctx = r1.ctx };
	struct raw_client c1 = { .ctx = raw_ctx(&cc) }, c2 = { .ctx = c1.ctx };
	struct raw_server *rs[] = { &r1, &r2 };
	struct raw_client *cs[] = { &c1, &c2 };
	uint8_t buf[ATT_HDR_LEN];

	for (int i = 0; i < 2; i++) {
		pthread_t t;

		socket_pair(&rs[i]->fd, &cs[i]->fd);
		CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, raw_server_main, rs[i]), 0);
		raw_connect(cs[i]);
		pthread_join(t, NULL);
		CU_ASSERT_EQUAL(cs[i]->rc, 0);
		/* The ticket comes before the frame. */
		CU_ASSERT_EQUAL(wolfSSL_read(cs[i]->ssl, buf, sizeof(buf)), (int)sizeof(buf));
		if (i == 0) {
			c2.resume = wolfSSL_get1_session(c1.ssl);
			CU_ASSERT_PTR_NOT_NULL(c2.resume);
			CU_ASSERT_EQUAL(wolfSSL_SESSION_has_ticket(c2.resume), 1);
		}
	}
	CU_ASSERT_EQUAL(r2.reused, 1);
	CU_ASSERT_EQUAL(wolfSSL_session_reused(c2.ssl), 1);
	raw_client_free(&c1);
	raw_client_free(&c2);
	close(r1.fd);
	close(r2.fd);
	if (c2.resume)
		wolfSSL_SESSION_free(c2.resume);
	wolfSSL_CTX_free(c1.ctx);
	wolfSSL_CTX_free(r1.ctx);
	wolfSSL_ERR_clear_error();
}

static void test_client_refuses_a_server_offering_only_null_ciphers(void)
{
	struct raw_cfg rc = { .method = wolfTLSv1_3_server_method(),
			      .ciphers = "TLS13-SHA256-SHA256:TLS13-SHA384-SHA384",
			      .cert = &server_cert, .key = &server_key };
	struct raw_server r = { .ctx = raw_ctx(&rc) };
	struct end c = { .ctx = client_ctx };

	client_vs_raw(&c, &r);
	CU_ASSERT_EQUAL(c.rc, -EPROTO);
	CU_ASSERT_NOT_EQUAL(r.rc, 0);
	end_close(&c);
	wolfSSL_CTX_free(r.ctx);
}

/* The server issues no ticket and keeps no session: a client that asks
 * to resume gets a full handshake. */
static void test_server_never_resumes_a_session(void)
{
	static const uint8_t frame[] = { 'V', 'A', 1, ATT_REATTEST, 0, 0, 0, 0 };
	struct raw_cfg rc = { .method = wolfTLSv1_3_client_method(),
			      .cert = &client_cert, .key = &client_key };
	struct raw_client c1 = { .ctx = raw_ctx(&rc) }, c2 = { .ctx = c1.ctx };
	struct end s1 = { .ctx = server_ctx, .then = send_pieces, .send = frame,
			  .send_len = sizeof(frame) };
	struct end s2 = { .ctx = server_ctx };
	uint8_t buf[sizeof(frame)];

	server_vs_raw(&s1, &c1);
	CU_ASSERT_EQUAL_FATAL(c1.rc, 0);
	/* Reading the frame also reads any ticket sent before it. */
	CU_ASSERT_EQUAL(wolfSSL_read(c1.ssl, buf, sizeof(buf)), (int)sizeof(buf));
	c2.resume = wolfSSL_get1_session(c1.ssl);
	CU_ASSERT_PTR_NOT_NULL(c2.resume);
	if (c2.resume)
		CU_ASSERT_EQUAL(wolfSSL_SESSION_has_ticket(c2.resume), 0);

	server_vs_raw(&s2, &c2);
	CU_ASSERT_EQUAL(c2.rc, 0);
	CU_ASSERT_EQUAL(wolfSSL_session_reused(c2.ssl), 0);
	CU_ASSERT_EQUAL(s2.rc, 0);
	CU_ASSERT_EQUAL(s2.info.resumed, 0);
	CU_ASSERT(memcmp(s1.exporter, s2.exporter, ATT_TLS_EXPORTER_LEN) != 0);
	raw_client_free(&c1);
	raw_client_free(&c2);
	if (c2.resume)
		wolfSSL_SESSION_free(c2.resume);
	wolfSSL_CTX_free(c1.ctx);
	end_close(&s1);
	end_close(&s2);
	wolfSSL_ERR_clear_error();
}

/* A server that offers tickets and would resume: the client still makes
 * a full handshake every time. */
static void test_client_never_resumes_a_session(void)
{
	struct raw_cfg rc = { .method = wolfTLSv1_3_server_method(),
			      .cert = &server_cert, .key = &server_key };
	struct raw_server r1 = { .ctx = raw_ctx(&rc) }, r2 = { .ctx = r1.ctx };
	struct end c1 = { .ctx = client_ctx, .then = recv_one };
	struct end c2 = { .ctx = client_ctx, .then = recv_one };

	client_vs_raw(&c1, &r1);
	CU_ASSERT_EQUAL(r1.rc, 0);
	CU_ASSERT_EQUAL(c1.frame_rc, ATT_HDR_LEN);
	client_vs_raw(&c2, &r2);
	CU_ASSERT_EQUAL(r2.rc, 0);
	CU_ASSERT_EQUAL(r2.reused, 0);
	CU_ASSERT_EQUAL(c2.rc, 0);
	CU_ASSERT_EQUAL(c2.info.resumed, 0);
	end_close(&c1);
	end_close(&c2);
	wolfSSL_CTX_free(r1.ctx);
}

static void test_client_key_behind_a_sign_callback_works(void)
{
	struct tpm_key tpm = { 0 };
	struct att_tls_cfg cfg = cfg_of(&ca, &client_cert, NULL);
	struct att_tls_ctx *cli;
	struct end s = { .ctx = server_ctx }, c = { 0 };

	cfg.sign = tpm_sign;
	cfg.sign_ctx = &tpm;
	cli = att_tls_client_new(&cfg, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cli);
	c.ctx = cli;
	run_pair(&s, &c);
	CU_ASSERT_EQUAL(c.rc, 0);
	CU_ASSERT_EQUAL(s.rc, 0);
	CU_ASSERT_STRING_EQUAL(s.cn, CLIENT_CN);
	CU_ASSERT_EQUAL(tpm.calls, 1);
	end_close(&s);
	end_close(&c);
	att_tls_ctx_free(cli);
}

static void test_sign_callback_failure_fails_the_handshake(void)
{
	struct tpm_key tpm = { .fail = -EACCES };
	struct att_tls_cfg cfg = cfg_of(&ca, &client_cert, NULL);
	struct att_tls_ctx *cli;
	struct end s = { .ctx = server_ctx }, c = { 0 };

	cfg.sign = tpm_sign;
	cfg.sign_ctx = &tpm;
	cli = att_tls_client_new(&cfg, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cli);
	c.ctx = cli;
	run_pair(&s, &c);
	CU_ASSERT_EQUAL(c.rc, -EACCES);
	CU_ASSERT_PTR_NULL(c.sess);
	CU_ASSERT_NOT_EQUAL(s.rc, 0);
	CU_ASSERT_EQUAL(tpm.calls, 1);
	end_close(&s);
	end_close(&c);
	att_tls_ctx_free(cli);
}

/* Our certificate followed by the CA's: a chain of two is sent whole and
 * accepted. */
static void test_chain_of_two_certificates_is_accepted(void)
{
	struct att_tls_cfg cfg = cfg_of(&ca, &client_cert, &client_key);
	struct att_tls_ctx *cli;
	struct end s = { .ctx = server_ctx }, c = { 0 };

	cfg.chain[1].der = ca.der;
	cfg.chain[1].len = ca.len;
	cfg.chain_len = 2;
	cli = att_tls_client_new(&cfg, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cli);
	c.ctx = cli;
	run_pair(&s, &c);
	CU_ASSERT_EQUAL(c.rc, 0);
	CU_ASSERT_EQUAL(s.rc, 0);
	CU_ASSERT_STRING_EQUAL(s.cn, CLIENT_CN);
	end_close(&s);
	end_close(&c);
	att_tls_ctx_free(cli);
}

static void test_bad_configurations_are_refused(void)
{
	struct att_tls_cfg cfg = cfg_of(&ca, &server_cert, &server_key);
	uint8_t junk[64];
	int err = 0;

	memset(junk, 0x30, sizeof(junk));
	cfg.ca.len = 0;
	CU_ASSERT_PTR_NULL(att_tls_server_new(&cfg, &err));
	CU_ASSERT_EQUAL(err, -EINVAL);

	cfg = cfg_of(&ca, &server_cert, &server_key);
	cfg.sign = tpm_sign;            /* a key and a callback */
	CU_ASSERT_PTR_NULL(att_tls_server_new(&cfg, &err));
	CU_ASSERT_EQUAL(err, -EINVAL);

	cfg = cfg_of(&ca, &server_cert, NULL);  /* neither */
	CU_ASSERT_PTR_NULL(att_tls_server_new(&cfg, &err));
	CU_ASSERT_EQUAL(err, -EINVAL);

	cfg = cfg_of(&ca, &server_cert, &client_key);   /* not its key */
	CU_ASSERT_PTR_NULL(att_tls_server_new(&cfg, &err));
	CU_ASSERT_EQUAL(err, -EINVAL);

	cfg = cfg_of(&ca, &server_cert, &server_key);
	cfg.chain[0].der = junk;
	cfg.chain[0].len = sizeof(junk);
	CU_ASSERT_PTR_NULL(att_tls_server_new(&cfg, &err));
	CU_ASSERT_EQUAL(err, -EBADMSG);

	cfg = cfg_of(&ca, &server_cert, &server_key);
	cfg.ca.der = junk;
	cfg.ca.len = sizeof(junk);
	CU_ASSERT_PTR_NULL(att_tls_client_new(&cfg, &err));
	CU_ASSERT_EQUAL(err, -EBADMSG);

	/* A server context cannot connect, a client one cannot accept. */
	{
		struct att_tls_sess *sess = (void *)1;

		CU_ASSERT_EQUAL(att_tls_connect(server_ctx, 0, 10, &sess), -EINVAL);
		CU_ASSERT_PTR_NULL(sess);
		CU_ASSERT_EQUAL(att_tls_accept(client_ctx, 0, 10, &sess), -EINVAL);
	}
	wolfSSL_ERR_clear_error();
}

/* A frame sent in pieces, each its own TLS record, arrives whole. */
static void test_frame_split_over_records_is_reassembled(void)
{
	static uint8_t frame[ATT_FRAME_MAX];
	struct att_builder b;
	struct att_msg m;
	long len;
	struct end s = { .ctx = server_ctx, .then = send_pieces, .send = frame,
			 .piece = 3 };
	struct end c = { .ctx = client_ctx, .then = recv_one };
	char reason[ATT_REASON_MAX + 1];

	att_build_begin(&b, frame, sizeof(frame), ATT_VERDICT);
	att_build_put_u32(&b, ATT_T_STATUS, ATT_STATUS_OK);
	att_build_put_u32(&b, ATT_T_TTL, 600);
	att_build_put_str(&b, ATT_T_REASON, "all measurements approved");
	len = att_build_end(&b);
	CU_ASSERT_FATAL(len > 0);
	s.send_len = (size_t)len;

	run_pair(&s, &c);
	CU_ASSERT_EQUAL_FATAL(c.rc, 0);
	CU_ASSERT_EQUAL(s.send_rc, 0);
	CU_ASSERT_EQUAL_FATAL(c.frame_rc, len);
	CU_ASSERT(memcmp(c.frame, frame, (size_t)len) == 0);
	CU_ASSERT_EQUAL_FATAL(att_msg_decode(c.frame, (size_t)c.frame_rc, &m), 0);
	CU_ASSERT_EQUAL(att_msg_text(&m, ATT_T_REASON, reason, sizeof(reason)), 25);
	end_close(&s);
	end_close(&c);
}

/* A large frame, longer than one TLS record, also arrives whole. */
static void test_frame_longer_than_a_record_is_received(void)
{
	static uint8_t frame[ATT_FRAME_MAX], log[ATT_EVENT_LOG_MAX], cert[ATT_CERT_MAX];
	struct att_builder b;
	long len;
	struct end s = { .ctx = server_ctx, .then = send_pieces, .send = frame };
	struct end c = { .ctx = client_ctx, .then = recv_one };

	memset(log, 0xa5, sizeof(log));
	memset(cert, 0x30, sizeof(cert));
	att_build_begin(&b, frame, sizeof(frame), ATT_GATEWAY_EVIDENCE);
	att_build_put(&b, ATT_T_ATTEST, log, ATT_ATTEST_MAX);
	att_build_put(&b, ATT_T_SIG_R, log, ATT_SIG_LEN);
	att_build_put(&b, ATT_T_SIG_S, log, ATT_SIG_LEN);
	att_build_put(&b, ATT_T_AK_CERT, cert, sizeof(cert));
	att_build_put(&b, ATT_T_EVENT_LOG, log, sizeof(log));
	len = att_build_end(&b);
	CU_ASSERT_FATAL(len > 16384);
	s.send_len = (size_t)len;

	run_pair(&s, &c);
	CU_ASSERT_EQUAL_FATAL(c.frame_rc, len);
	CU_ASSERT(memcmp(c.frame, frame, (size_t)len) == 0);
	end_close(&s);
	end_close(&c);
}

/* A header announcing more than the reader holds is refused at once,
 * before any payload is waited for (none is ever sent). */
static void test_oversized_frame_is_refused_before_reading_it(void)
{
	static const uint8_t big[] = { 'V', 'A', 1, ATT_EVIDENCE, 0, 0, 0x75, 0x30 };
	static const uint8_t over_max[] = { 'V', 'A', 1, ATT_EVIDENCE, 0, 0, 0x80, 1 };
	static const uint8_t bad_magic[] = { 'V', 'B', 1, ATT_EVIDENCE, 0, 0, 0, 0 };
	static const struct { const uint8_t *hdr; size_t size; long rc; } cases[] = {
		{ big, 1024, -EMSGSIZE },               /* 30000 bytes > buffer */
		{ over_max, ATT_FRAME_MAX + 100, -EMSGSIZE },   /* > ATT_PAYLOAD_MAX */
		{ bad_magic, 1024, -EBADMSG },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct end s = { .ctx = server_ctx, .then = send_pieces,
				 .send = cases[i].hdr, .send_len = ATT_HDR_LEN };
		struct end c = { .ctx = client_ctx, .then = recv_one,
				 .frame_size = cases[i].size };

		if (cases[i].size > sizeof(c.frame))
			c.frame_size = sizeof(c.frame);
		run_pair(&s, &c);
		CU_ASSERT_EQUAL(c.frame_rc, cases[i].rc);
		CU_ASSERT(c.frame_ms < 1000);
		end_close(&s);
		end_close(&c);
	}
}

static void test_peer_that_sends_nothing_times_out(void)
{
	struct end s = { .ctx = server_ctx };
	struct end c = { .ctx = client_ctx, .then = recv_one, .timeout_ms = 300 };

	run_pair(&s, &c);
	CU_ASSERT_EQUAL(c.frame_rc, -ETIMEDOUT);
	CU_ASSERT(c.frame_ms >= 290 && c.frame_ms < 3000);
	end_close(&s);
	end_close(&c);
}

/* A client that connects and never says hello does not hold the server
 * past its deadline. */
static void test_silent_client_times_out_the_handshake(void)
{
	struct att_tls_sess *sess;
	int a, b;
	int64_t t0;

	socket_pair(&a, &b);
	t0 = now_ms();
	CU_ASSERT_EQUAL(att_tls_accept(server_ctx, a, 300, &sess), -ETIMEDOUT);
	CU_ASSERT(now_ms() - t0 >= 290);
	CU_ASSERT_PTR_NULL(sess);
	close(a);
	close(b);
}

static void close_session(struct end *e)
{
	att_tls_close(e->sess);
	e->sess = NULL;
	shutdown(e->fd, SHUT_RDWR);
}

static void test_peer_closing_is_a_reset(void)
{
	struct end s = { .ctx = server_ctx, .then = close_session };
	struct end c = { .ctx = client_ctx, .then = recv_one };

	run_pair(&s, &c);
	CU_ASSERT_EQUAL(c.frame_rc, -ECONNRESET);
	CU_ASSERT(c.frame_ms < 1000);
	end_close(&s);
	end_close(&c);
}

static const struct vg_test tests[] = {
	VG_TEST(test_handshake_with_ca_certificates_shows_both_names),
	VG_TEST(test_tls13_with_an_aead_suite_and_x25519_is_negotiated),
	VG_TEST(test_exporter_is_equal_at_both_ends_and_new_per_session),
	VG_TEST(test_client_certificate_from_another_ca_is_refused),
	VG_TEST(test_server_certificate_from_another_ca_is_refused),
	VG_TEST(test_certificate_for_another_role_is_refused),
	VG_TEST(test_client_without_certificate_is_refused),
	VG_TEST(test_tls12_client_is_refused),
	VG_TEST(test_client_offering_only_null_ciphers_is_refused),
	VG_TEST(test_client_offering_only_p256_key_share_is_refused),
	VG_TEST(test_each_aead_suite_alone_is_accepted),
	VG_TEST(test_client_refuses_a_server_offering_only_null_ciphers),
	VG_TEST(test_plain_client_resumes_where_a_server_allows_it),
	VG_TEST(test_server_never_resumes_a_session),
	VG_TEST(test_client_never_resumes_a_session),
	VG_TEST(test_client_key_behind_a_sign_callback_works),
	VG_TEST(test_sign_callback_failure_fails_the_handshake),
	VG_TEST(test_chain_of_two_certificates_is_accepted),
	VG_TEST(test_bad_configurations_are_refused),
	VG_TEST(test_frame_split_over_records_is_reassembled),
	VG_TEST(test_frame_longer_than_a_record_is_received),
	VG_TEST(test_oversized_frame_is_refused_before_reading_it),
	VG_TEST(test_peer_that_sends_nothing_times_out),
	VG_TEST(test_silent_client_times_out_the_handshake),
	VG_TEST(test_peer_closing_is_a_reset),
	VG_TESTS_END
};

int main(void)
{
	static const struct vg_suite suites_[] = {
		{ "att_tls", suite_init, suite_cleanup, tests },
		{ NULL, NULL, NULL, NULL },
	};

	return vg_test_main(suites_);
}
