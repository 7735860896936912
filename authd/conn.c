/* SPDX-License-Identifier: BSD-3-Clause */
/* Messages to and from one agent, inside its TLS session. */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "att_tls.h"
#include "authd.h"

double authd_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int conn_send(struct conn *c, const uint8_t *frame, long len)
{
	if (len < 0)
		return (int)len;
	return att_tls_send(c->tls, frame, (size_t)len, AUTHD_IO_MS);
}

int conn_send_status(struct conn *c, unsigned type, unsigned status, uint32_t ttl,
		     const char *peer, const char *reason)
{
	uint8_t buf[ATT_HDR_LEN + 256];
	struct att_builder b;
	char text[ATT_REASON_MAX + 1];

	/* Reasons go out as printable text, cut to the field's bound. */
	snprintf(text, sizeof(text), "%s", reason ? reason : "");
	for (char *p = text; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			*p = '?';
	att_build_begin(&b, buf, sizeof(buf), type);
	if (peer)
		att_build_put_str(&b, ATT_T_PEER, peer);
	att_build_put_u32(&b, ATT_T_STATUS, status);
	if (type != ATT_ERROR)
		att_build_put_u32(&b, ATT_T_TTL, ttl);
	att_build_put_str(&b, ATT_T_REASON, text);
	return conn_send(c, buf, att_build_end(&b));
}

static bool may_wait(unsigned type)
{
	return type == ATT_PAIR_REQUEST || type == ATT_REATTEST;
}

int conn_recv(struct conn *c, struct att_msg *m, unsigned want, int timeout_ms)
{
	for (;;) {
		long n;
		int r;

		if (!want && c->stash_len) {
			memcpy(c->frame, c->stash, c->stash_len);
			n = (long)c->stash_len;
			c->stash_len = 0;
		} else {
			n = att_tls_recv_frame(c->tls, c->frame, sizeof(c->frame), timeout_ms);
			if (n < 0)
				return (int)n;
		}
		r = att_msg_decode(c->frame, (size_t)n, m);
		if (r < 0)
			return r;
		if (!att_type_sent_by(m->type, ATT_ROLE_AGENT))
			return -EPROTO;
		if (!want || m->type == want)
			return 0;
		if (!may_wait(m->type) || c->stash_len)
			return -EPROTO;
		memcpy(c->stash, c->frame, (size_t)n);
		c->stash_len = (size_t)n;
	}
}
