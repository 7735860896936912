/* SPDX-License-Identifier: BSD-3-Clause */
/* authd's side of the benchmark: the same calls authd makes for a new
 * agent (authd_main.c accept_agent, attest.c challenge and attest_guest),
 * without the gateway's own quote (vtpmd and the root TPM make it; authd
 * only relays it) and without the audit log line and dataplane grants. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/random.h>

#include "att_msg.h"
#include "attest_bench.h"
#include "evidence.h"

#define TTL_S 300

/* One frame from the agent, decoded, of type want. */
static int recv_msg(struct att_tls_sess *s, uint8_t *buf, size_t size,
		    struct att_msg *m, unsigned want)
{
	long n = att_tls_recv_frame(s, buf, size, BENCH_IO_MS);
	int r;

	if (n < 0)
		return (int)n;
	r = att_msg_decode(buf, (size_t)n, m);
	if (r == 0 && (!att_type_sent_by(m->type, ATT_ROLE_AGENT) || m->type != want))
		r = -EPROTO;
	return r;
}

/* A fresh nonce, as authd draws it: a DRBG instantiated for each. */
static int random_nonce(uint8_t nonce[ATT_NONCE_LEN])
{
	WC_RNG rng;
	int r;

	if (wc_InitRng(&rng) != 0)
		return -EIO;
	r = wc_RNG_GenerateBlock(&rng, nonce, ATT_NONCE_LEN) == 0 ? 0 : -EIO;
	wc_FreeRng(&rng);
	return r;
}

static int send_verdict(struct att_tls_sess *s)
{
	uint8_t buf[ATT_HDR_LEN + 64];
	struct att_builder b;
	long len;

	att_build_begin(&b, buf, sizeof(buf), ATT_VERDICT);
	att_build_put_u32(&b, ATT_T_STATUS, ATT_STATUS_OK);
	att_build_put_u32(&b, ATT_T_TTL, TTL_S);
	len = att_build_end(&b);
	return len < 0 ? (int)len : att_tls_send(s, buf, (size_t)len, BENCH_IO_MS);
}

/* CHALLENGE, EVIDENCE, evidence_verify, VERDICT: authd's challenge(). */
static int challenge(const struct bench_ids *ids, struct att_tls_sess *s,
		     const struct vg_guest *guest, const uint8_t exporter[32],
		     struct verifier_cost *cost)
{
	static _Thread_local uint8_t frame[ATT_FRAME_MAX];
	/* authd keeps one per guest: the same guest attesting again. */
	static _Thread_local struct evidence_ak_cache ak_cache;
	uint32_t mask = ids->cfg->attestation.pcr_mask, pcrs[VT_PCR_COUNT];
	uint8_t nonce[ATT_NONCE_LEN], sel[VT_PCR_COUNT], buf[ATT_HDR_LEN + 64];
	size_t n = evidence_mask_pcrs(mask, pcrs), len;
	struct vt_quote q = { 0 };
	struct evidence_result res;
	struct att_builder b;
	struct att_msg m;
	struct evidence_input in = {
		.ca_der = ids->ca_der, .ca_len = ids->ca_len, .guest_name = guest->name,
		.guest = guest, .pcr_mask = mask, .nonce = nonce, .exporter = exporter,
		.quote = &q, .ak_cache = &ak_cache,
	};
	const uint8_t *p;
	uint64_t t0;
	long flen;
	int r;

	for (size_t i = 0; i < n; i++)
		sel[i] = (uint8_t)pcrs[i];
	t0 = bench_thread_cpu_ns();
	r = random_nonce(nonce);
	cost->nonce_ns += bench_thread_cpu_ns() - t0;
	if (r < 0)
		return r;
	att_build_begin(&b, buf, sizeof(buf), ATT_CHALLENGE);
	att_build_put(&b, ATT_T_NONCE, nonce, sizeof(nonce));
	att_build_put(&b, ATT_T_PCR_SELECT, sel, n);
	if ((flen = att_build_end(&b)) < 0)
		return (int)flen;
	if ((r = att_tls_send(s, buf, (size_t)flen, BENCH_IO_MS)) < 0 ||
	    (r = recv_msg(s, frame, sizeof(frame), &m, ATT_EVIDENCE)) < 0)
		return r;
	att_msg_bytes(&m, ATT_T_ATTEST, &p, &len);
	memcpy(q.attest, p, len);
	q.attest_len = len;
	att_msg_bytes(&m, ATT_T_SIG_R, &p, &len);
	memcpy(q.r, p, sizeof(q.r));
	att_msg_bytes(&m, ATT_T_SIG_S, &p, &len);
	memcpy(q.s, p, sizeof(q.s));
	att_msg_bytes(&m, ATT_T_AK_CERT, &in.ak_der, &in.ak_len);
	if (att_msg_bytes(&m, ATT_T_EVENT_LOG, &in.evlog, &in.evlog_len) < 0)
		in.evlog_len = 0;
	t0 = bench_thread_cpu_ns();
	r = evidence_verify(&in, &res);
	cost->verify_ns += bench_thread_cpu_ns() - t0;
	/* A benchmark of refusals would measure something else: stop. */
	if (r < 0)
		return r;
	return send_verdict(s);
}

int verifier_handshake(const struct bench_ids *ids, int fd)
{
	struct att_tls_sess *s;
	int r = att_tls_accept(ids->server_tls, fd, BENCH_IO_MS, &s);

	if (r == 0)
		att_tls_close(s);
	return r;
}

int verifier_attest(const struct bench_ids *ids, int fd, struct verifier_cost *cost)
{
	uint8_t exporter[ATT_TLS_EXPORTER_LEN], frame[ATT_HDR_LEN + 64];
	char cn[ATT_NAME_MAX + 2], hello[ATT_NAME_MAX + 1];
	const struct vg_guest *guest = NULL;
	struct att_tls_sess *s;
	struct att_msg m;
	uint64_t t0 = bench_thread_cpu_ns();
	int r = att_tls_accept(ids->server_tls, fd, BENCH_IO_MS, &s);

	cost->handshake_ns += bench_thread_cpu_ns() - t0;
	if (r < 0)
		return r;
	/* The certificate names a guest of the policy, HELLO the same one. */
	if (att_tls_peer_cn(s, cn, sizeof(cn)) < 0 || !(guest = vg_config_guest(ids->cfg, cn)))
		r = -EPERM;
	if (r == 0)
		r = att_tls_exporter(s, exporter);
	if (r == 0)
		r = recv_msg(s, frame, sizeof(frame), &m, ATT_HELLO);
	if (r == 0 && (att_msg_name(&m, ATT_T_GUEST, hello, sizeof(hello)) < 0 ||
		       strcmp(hello, cn) != 0))
		r = -EPERM;
	if (r == 0)
		r = challenge(ids, s, guest, exporter, cost);
	att_tls_close(s);
	return r;
}
