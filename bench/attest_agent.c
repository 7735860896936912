/* SPDX-License-Identifier: BSD-3-Clause */
/* The agent's side of the benchmark: what vmgate-agent does for one
 * attestation (agent_session.c), its TLS key in software rather than in
 * the vTPM so that the handshake is the same as the bare one, and without
 * asking for the gateway's quote. Each exchange ends once the verifier
 * has closed its end, so that the two threads stay in step. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

#include "att_msg.h"
#include "attest_bench.h"
#include "evidence.h"

/* Waits for the verifier to close its end (EOF), discarding what it still
 * sends (its close_notify). */
static int wait_closed(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	uint8_t buf[256];

	for (;;) {
		ssize_t n;

		if (poll(&pfd, 1, BENCH_IO_MS) <= 0)
			return -ETIMEDOUT;
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno == ECONNRESET))
			return 0;
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return -errno;
	}
}

static int recv_msg(struct att_tls_sess *s, uint8_t *buf, size_t size,
		    struct att_msg *m, unsigned want)
{
	long n = att_tls_recv_frame(s, buf, size, BENCH_IO_MS);
	int r;

	if (n < 0)
		return (int)n;
	r = att_msg_decode(buf, (size_t)n, m);
	if (r == 0 && (!att_type_sent_by(m->type, ATT_ROLE_AUTHD) || m->type != want))
		r = -EPROTO;
	return r;
}

static int send_built(struct att_tls_sess *s, struct att_builder *b, const uint8_t *buf)
{
	long len = att_build_end(b);

	return len < 0 ? (int)len : att_tls_send(s, buf, (size_t)len, BENCH_IO_MS);
}

/* The quote for CHALLENGE m, with the AK certificate and the event log:
 * agent_session.c answer(), which reads the quoted PCRs first (to notice
 * a change later). */
static int answer(const struct bench_ids *ids, struct att_tls_sess *s,
		  const struct att_msg *m, const uint8_t exporter[32])
{
	static _Thread_local uint8_t out[ATT_FRAME_MAX];
	uint8_t value[32];
	uint32_t pcrs[VT_PCR_COUNT];
	const uint8_t *nonce, *p;
	struct evidence ev;
	struct att_builder b;
	size_t len, n;
	int r;

	att_msg_bytes(m, ATT_T_NONCE, &nonce, &len);
	att_msg_bytes(m, ATT_T_PCR_SELECT, &p, &n);
	for (size_t i = 0; i < n; i++) {
		pcrs[i] = p[i];
		if ((r = vt_pcr_read(ids->vtpm, pcrs[i], value)) < 0)
			return r;
	}
	if ((r = evidence_gather(ids->vtpm, nonce, exporter, pcrs, n, &ev)) < 0)
		return r;
	att_build_begin(&b, out, sizeof(out), ATT_EVIDENCE);
	att_build_put(&b, ATT_T_ATTEST, ev.quote.attest, ev.quote.attest_len);
	att_build_put(&b, ATT_T_SIG_R, ev.quote.r, 32);
	att_build_put(&b, ATT_T_SIG_S, ev.quote.s, 32);
	att_build_put(&b, ATT_T_AK_CERT, ids->ak_der, ids->ak_len);
	att_build_put(&b, ATT_T_EVENT_LOG, ids->evlog, ids->evlog_len);
	return send_built(s, &b, out);
}

int agent_handshake(const struct bench_ids *ids, int fd)
{
	struct att_tls_sess *s;
	int r = att_tls_connect(ids->client_tls, fd, BENCH_IO_MS, &s);

	if (r < 0)
		return r;
	att_tls_close(s);
	return wait_closed(fd);
}

int agent_attest(const struct bench_ids *ids, int fd)
{
	uint8_t exporter[32], buf[ATT_HDR_LEN + 256];
	char cn[80];
	struct att_tls_sess *s;
	struct att_builder b;
	struct att_msg m;
	uint32_t status = ATT_STATUS_INTERNAL;
	int r = att_tls_connect(ids->client_tls, fd, BENCH_IO_MS, &s);

	if (r < 0)
		return r;
	/* Only the gateway's authd may hear the evidence. */
	if (att_tls_peer_cn(s, cn, sizeof(cn)) < 0 || strcmp(cn, BENCH_GATEWAY " authd") != 0)
		r = -EACCES;
	if (r == 0)
		r = att_tls_exporter(s, exporter);
	if (r == 0) {
		att_build_begin(&b, buf, sizeof(buf), ATT_HELLO);
		att_build_put_str(&b, ATT_T_GUEST, BENCH_GUEST);
		att_build_put_u32(&b, ATT_T_AGENT_VERSION, 1);
		r = send_built(s, &b, buf);
	}
	if (r == 0)
		r = recv_msg(s, buf, sizeof(buf), &m, ATT_CHALLENGE);
	if (r == 0)
		r = answer(ids, s, &m, exporter);
	if (r == 0)
		r = recv_msg(s, buf, sizeof(buf), &m, ATT_VERDICT);
	if (r == 0 && (att_msg_u32(&m, ATT_T_STATUS, &status) < 0 || status != ATT_STATUS_OK))
		r = -EACCES;
	att_tls_close(s);
	return r == 0 ? wait_closed(fd) : r;
}
