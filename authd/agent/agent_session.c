/* SPDX-License-Identifier: BSD-3-Clause */
/* One agent connection: TLS, HELLO, the gateway's evidence judged, then
 * challenges answered, pairs asked for, PCRs watched. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/random.h>

#include "agent.h"
#include "att_tls.h"
#include "evidence.h"

#define IO_MS 5000
#define PAIR_RETRY_S 2.0

static double monotonic_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int tcp_connect(const struct agent *ag)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *ai;
	char port[8];
	int fd = -1;

	snprintf(port, sizeof(port), "%u", ag->port);
	if (getaddrinfo(ag->host, port, &hints, &res) != 0)
		return -EHOSTUNREACH;
	for (ai = res; ai && fd < 0; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, 0);
		/* HELLO and GATEWAY_CHALLENGE go out back to back. */
		if (fd >= 0)
			setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){ 1 }, sizeof(int));
		if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	return fd >= 0 ? fd : -ECONNREFUSED;
}

static int send_frame(struct att_tls_sess *s, long len, const uint8_t *buf)
{
	return len < 0 ? (int)len : att_tls_send(s, buf, (size_t)len, IO_MS);
}

static int recv_msg(struct agent *ag, struct att_tls_sess *s, struct att_msg *m,
		    int timeout_ms)
{
	long n = att_tls_recv_frame(s, ag->frame, sizeof(ag->frame), timeout_ms);
	int r;

	if (n < 0)
		return (int)n;
	r = att_msg_decode(ag->frame, (size_t)n, m);
	if (r == 0 && !att_type_sent_by(m->type, ATT_ROLE_AUTHD))
		r = -EPROTO;
	return r;
}

static int random_nonce(uint8_t *buf, size_t len)
{
	WC_RNG rng;
	int r;

	if (wc_InitRng(&rng) != 0)
		return -EIO;
	r = wc_RNG_GenerateBlock(&rng, buf, (word32)len) == 0 ? 0 : -EIO;
	wc_FreeRng(&rng);
	return r;
}

/* Asks for the gateway's evidence and judges it against the reference. */
static int check_gateway(struct agent *ag, struct att_tls_sess *s,
			 const uint8_t exporter[32])
{
	uint8_t nonce[32], buf[64];
	struct att_builder b;
	struct att_msg m;
	struct vt_quote q = { 0 };
	struct evidence_result res;
	struct gateway_evidence_input in = {
		.ca_der = ag->ca_der, .ca_len = ag->ca_len, .gateway_name = ag->gateway,
		.nonce = nonce, .exporter = exporter, .expected_pcr23 = ag->gateway_pcr23,
		.quote = &q,
	};
	const uint8_t *p;
	size_t len;
	int r;

	/* wolfCrypt's DRBG, not the vTPM's: a TPM session for this would
	 * start tpm2-tss's whole crypto backend in a fresh agent. */
	if ((r = random_nonce(nonce, sizeof(nonce))) < 0)
		return r;
	att_build_begin(&b, buf, sizeof(buf), ATT_GATEWAY_CHALLENGE);
	att_build_put(&b, ATT_T_NONCE, nonce, sizeof(nonce));
	if ((r = send_frame(s, att_build_end(&b), buf)) < 0 ||
	    (r = recv_msg(ag, s, &m, IO_MS)) < 0)
		return r;
	if (m.type != ATT_GATEWAY_EVIDENCE)
		return -EPROTO;
	att_msg_bytes(&m, ATT_T_ATTEST, &p, &len);
	memcpy(q.attest, p, len);
	q.attest_len = len;
	att_msg_bytes(&m, ATT_T_SIG_R, &p, &len);
	memcpy(q.r, p, 32);
	att_msg_bytes(&m, ATT_T_SIG_S, &p, &len);
	memcpy(q.s, p, 32);
	att_msg_bytes(&m, ATT_T_AK_CERT, &in.ak_der, &in.ak_len);
	if (att_msg_bytes(&m, ATT_T_EVENT_LOG, &in.evlog, &in.evlog_len) < 0)
		in.evlog_len = 0;
	r = gateway_evidence_verify(&in, &res);
	if (r < 0) {
		printf("gateway refused: %s (%s)\n", evidence_reason_name(res.reason),
		       res.message);
		return -EACCES;
	}
	printf("gateway verified\n");
	return 0;
}

/* The launch PCRs' values, to notice a change. */
static int read_pcrs(struct agent *ag, const uint8_t *sel, size_t n, uint8_t out[24][32])
{
	for (size_t i = 0; i < n; i++) {
		int r = vt_pcr_read(ag->tpm, sel[i], out[i]);

		if (r < 0)
			return r;
	}
	return 0;
}

static int answer(struct agent *ag, struct att_tls_sess *s, const struct att_msg *m,
		  const uint8_t exporter[32], uint8_t sel[24], size_t *n_sel,
		  uint8_t seen[24][32])
{
	static uint8_t out[ATT_FRAME_MAX];
	uint8_t evlog[EVLOG_BYTES_MAX];
	struct evlog log;
	uint32_t pcrs[24];
	const uint8_t *nonce, *p;
	size_t len, n;
	struct evidence ev;
	struct att_builder b;
	int r, elen;

	att_msg_bytes(m, ATT_T_NONCE, &nonce, &len);
	att_msg_bytes(m, ATT_T_PCR_SELECT, &p, &n);
	for (size_t i = 0; i < n; i++)
		pcrs[i] = p[i];
	memcpy(sel, p, n);
	*n_sel = n;
	/* What the quote covers is what we watch from now on. */
	if ((r = read_pcrs(ag, sel, n, seen)) < 0)
		return r;
	if ((r = evidence_gather(ag->tpm, nonce, exporter, pcrs, n, &ev)) < 0)
		return r;
	evlog_init(&log);
	if (ag->evlog_path && (r = evlog_file_read(ag->evlog_path, &log)) < 0 && r != -ENOENT)
		return r;
	if ((elen = evlog_encode(&log, evlog, sizeof(evlog))) < 0)
		return elen;
	att_build_begin(&b, out, sizeof(out), ATT_EVIDENCE);
	att_build_put(&b, ATT_T_ATTEST, ev.quote.attest, ev.quote.attest_len);
	att_build_put(&b, ATT_T_SIG_R, ev.quote.r, 32);
	att_build_put(&b, ATT_T_SIG_S, ev.quote.s, 32);
	att_build_put(&b, ATT_T_AK_CERT, ag->ak_der, ag->ak_len);
	att_build_put(&b, ATT_T_EVENT_LOG, evlog, (size_t)elen);
	return send_frame(s, att_build_end(&b), out);
}

static int ask_pair(struct att_tls_sess *s, const char *peer)
{
	uint8_t buf[64];
	struct att_builder b;

	att_build_begin(&b, buf, sizeof(buf), ATT_PAIR_REQUEST);
	att_build_put_str(&b, ATT_T_PEER, peer);
	return send_frame(s, att_build_end(&b), buf);
}

static int ask_reattest(struct att_tls_sess *s)
{
	uint8_t buf[16];
	struct att_builder b;

	att_build_begin(&b, buf, sizeof(buf), ATT_REATTEST);
	return send_frame(s, att_build_end(&b), buf);
}

static void report(const char *what, const struct att_msg *m)
{
	char peer[ATT_NAME_MAX + 1] = "", reason[ATT_REASON_MAX + 1] = "";
	uint32_t status = 0, ttl = 0;

	att_msg_name(m, ATT_T_PEER, peer, sizeof(peer));
	att_msg_text(m, ATT_T_REASON, reason, sizeof(reason));
	att_msg_u32(m, ATT_T_STATUS, &status);
	att_msg_u32(m, ATT_T_TTL, &ttl);
	if (status == ATT_STATUS_OK)
		printf("%s%s%s ok ttl=%u\n", what, *peer ? " " : "", peer, ttl);
	else
		printf("%s%s%s failed: %s%s%s\n", what, *peer ? " " : "", peer,
		       att_status_name(status), *reason ? ": " : "", reason);
}

/* The conversation after the gateway was verified. */
static int converse(struct agent *ag, struct att_tls_sess *s, const uint8_t exporter[32],
		    volatile int *stopping)
{
	uint8_t sel[24], seen[24][32], now[24][32];
	size_t n_sel = 0;
	bool granted[AGENT_MAX_PEERS] = { false }, attested = false, reattest_sent = false;
	double retry_at[AGENT_MAX_PEERS] = { 0 };
	int asking = -1;                /* the peer whose PAIR_RESULT we await */
	struct pollfd pfd = { .fd = att_tls_fd(s), .events = POLLIN };

	while (!*stopping) {
		struct att_msg m;
		uint32_t status;
		int r = poll(&pfd, 1, AGENT_TICK_MS);

		if (r > 0) {
			if ((r = recv_msg(ag, s, &m, IO_MS)) < 0)
				return r;
			switch (m.type) {
			case ATT_CHALLENGE:
				if ((r = answer(ag, s, &m, exporter, sel, &n_sel, seen)) < 0)
					return r;
				reattest_sent = false;
				break;
			case ATT_VERDICT:
				report("attested", &m);
				status = ATT_STATUS_INTERNAL;
				att_msg_u32(&m, ATT_T_STATUS, &status);
				attested = status == ATT_STATUS_OK;
				ag->attested |= attested;
				if (!attested)
					return -EACCES;
				break;
			case ATT_PAIR_RESULT:
				report("pair", &m);
				status = ATT_STATUS_INTERNAL;
				att_msg_u32(&m, ATT_T_STATUS, &status);
				/* A refused pair is asked for again later: the
				 * peer may not have attested yet. */
				if (asking >= 0) {
					granted[asking] = status == ATT_STATUS_OK;
					retry_at[asking] = monotonic_s() + PAIR_RETRY_S;
				}
				asking = -1;
				break;
			default:
				report("error", &m);
				return -EPROTO;
			}
		} else if (r < 0 && errno != EINTR) {
			return -errno;
		}
		for (size_t i = 0; attested && asking < 0 && i < ag->n_peers; i++) {
			if (granted[i] || monotonic_s() < retry_at[i])
				continue;
			if ((r = ask_pair(s, ag->peers[i])) < 0)
				return r;
			asking = (int)i;
		}
		/* A launch PCR changed since the last quote: be judged now. */
		if (n_sel && !reattest_sent && read_pcrs(ag, sel, n_sel, now) == 0 &&
		    memcmp(now, seen, n_sel * 32) != 0) {
			printf("launch PCRs changed: asking to be attested again\n");
			if ((r = ask_reattest(s)) < 0)
				return r;
			reattest_sent = true;
		}
		fflush(stdout);
	}
	return 0;
}

int agent_session(struct agent *ag, volatile int *stopping)
{
	char cn[80], want[80];
	uint8_t exporter[32], buf[64];
	struct att_tls_sess *s = NULL;
	struct att_builder b;
	int fd = tcp_connect(ag), r;

	if (fd < 0)
		return fd;
	r = att_tls_connect(ag->tls, fd, IO_MS, &s);
	if (r < 0) {
		printf("TLS to the gateway failed: %s\n", strerror(-r));
		close(fd);
		return r;
	}
	/* Any server certificate of the platform CA would do for TLS: only
	 * the gateway's authd may hear our evidence. */
	r = att_tls_peer_cn(s, cn, sizeof(cn));
	snprintf(want, sizeof(want), "%s authd", ag->gateway);
	if (r >= 0 && strcmp(cn, want) != 0) {
		printf("gateway refused: its certificate names '%s', not '%s'\n", cn, want);
		r = -EACCES;
	}
	if (r >= 0)
		r = att_tls_exporter(s, exporter);
	if (r == 0) {
		att_build_begin(&b, buf, sizeof(buf), ATT_HELLO);
		att_build_put_str(&b, ATT_T_GUEST, ag->name);
		att_build_put_u32(&b, ATT_T_AGENT_VERSION, 1);
		r = send_frame(s, att_build_end(&b), buf);
	}
	if (r == 0)
		r = check_gateway(ag, s, exporter);
	if (r == 0)
		r = converse(ag, s, exporter, stopping);
	fflush(stdout);
	att_tls_close(s);
	close(fd);
	return r;
}
