/* SPDX-License-Identifier: BSD-3-Clause */
/* Attestation of a guest (challenge, evidence, verdict) and of the gateway
 * to the guest; and what a failure sets off: every grant of the guest
 * revoked at once, the verdict audited, the guest isolated or restarted. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/random.h>

#include "att_tls.h"
#include "authd.h"

/* Fresh for as long as a re-attestation is due, and a little longer for
 * the exchange itself. */
#define FRESH_SLACK_S 5.0

bool attest_fresh(const struct authd *a, size_t i)
{
	const struct guest_att *g = &a->guests[i];

	return g->state == ATT_OK &&
	       authd_now() - g->attested_at <
	       (double)a->cfg->attestation.reattest_interval_s + FRESH_SLACK_S;
}

static int random_bytes(uint8_t *buf, size_t len)
{
	WC_RNG rng;
	int r;

	if (wc_InitRng(&rng) != 0)
		return -EIO;
	r = wc_RNG_GenerateBlock(&rng, buf, (word32)len) == 0 ? 0 : -EIO;
	wc_FreeRng(&rng);
	return r;
}

static void audit(const struct authd *a, size_t i, const char *result,
		  const char *reason)
{
	AUTHD_LOG("AUDIT guest=%s result=%s%s%s", a->cfg->guests[i].name, result,
		  reason ? " reason=" : "", reason ? reason : "");
}

void attest_failed(struct authd *a, size_t i, enum evidence_reason why,
		   const char *message)
{
	struct guest_att *g = &a->guests[i];
	char reason[sizeof(g->last_reason) + 32];

	g->state = ATT_FAILED;
	g->failed_at = authd_now();
	g->last_failure = why;
	g->failures[why < EV_REASON_COUNT ? why : EV_FAIL_INTERNAL]++;
	snprintf(g->last_reason, sizeof(g->last_reason), "%s", message);
	/* Revoke first: nothing else of this guest may pass a moment longer. */
	pairs_drop(a, i);
	dataplane_revoke_all(a, a->cfg->guests[i].name);
	audit(a, i, "failed", message);
	if (a->cfg->attestation.on_failure == VG_ON_FAILURE_RESTART) {
		snprintf(reason, sizeof(reason), "attestation failed: %s: %s",
			 evidence_reason_name(why), message);
		restart_request(a, i, reason);
	}
}

/* The status an agent is told for a refusal. */
static unsigned status_of(enum evidence_reason r)
{
	switch (r) {
	case EV_FAIL_AK_CHAIN:
	case EV_FAIL_AK_NAME:
		return ATT_STATUS_BAD_AK_CERT;
	case EV_FAIL_UNAPPROVED:
	case EV_FAIL_NO_REFERENCE:
		return ATT_STATUS_MEASUREMENT;
	case EV_FAIL_INTERNAL:
		return ATT_STATUS_INTERNAL;
	default:
		return ATT_STATUS_BAD_EVIDENCE;
	}
}

/* Sends a CHALLENGE and receives the EVIDENCE it asks for, then judges it. */
static int challenge(struct authd *a, struct conn *c, struct evidence_result *res)
{
	const struct vg_guest *guest = &a->cfg->guests[c->guest];
	uint8_t nonce[ATT_NONCE_LEN], buf[ATT_HDR_LEN + 64];
	uint32_t pcrs[VT_PCR_COUNT];
	uint8_t sel[VT_PCR_COUNT];
	size_t n = evidence_mask_pcrs(a->cfg->attestation.pcr_mask, pcrs);
	struct vt_quote q = { 0 };
	struct att_builder b;
	struct att_msg m;
	struct evidence_input in = {
		.ca_der = a->ca_der, .ca_len = a->ca_len, .guest_name = guest->name,
		.guest = guest, .pcr_mask = a->cfg->attestation.pcr_mask,
		.nonce = nonce, .exporter = c->exporter, .quote = &q,
		.ak_cache = &a->guests[c->guest].ak,
	};
	const uint8_t *p;
	size_t len;
	int r;

	for (size_t i = 0; i < n; i++)
		sel[i] = (uint8_t)pcrs[i];
	if ((r = random_bytes(nonce, sizeof(nonce))) < 0)
		return r;
	att_build_begin(&b, buf, sizeof(buf), ATT_CHALLENGE);
	att_build_put(&b, ATT_T_NONCE, nonce, sizeof(nonce));
	att_build_put(&b, ATT_T_PCR_SELECT, sel, n);
	if ((r = conn_send(c, buf, att_build_end(&b))) < 0)
		return r;
	if ((r = conn_recv(c, &m, ATT_EVIDENCE, AUTHD_IO_MS)) < 0)
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
	r = evidence_verify(&in, res);
	return r == -EACCES ? 0 : r;
}

int attest_guest(struct authd *a, struct conn *c)
{
	struct guest_att *g = &a->guests[c->guest];
	struct evidence_result res = { .reason = EV_FAIL_INTERNAL };
	int r = challenge(a, c, &res);

	if (r < 0) {
		/* No evidence in time or out of protocol: refused as well. */
		snprintf(res.message, sizeof(res.message), "no valid evidence: %s",
			 att_err_of(r) != ATT_ERR_MAX ? att_strerror(r) : strerror(-r));
		res.reason = EV_FAIL_NO_EVIDENCE;
		attest_failed(a, c->guest, res.reason, res.message);
		conn_send_status(c, ATT_VERDICT, r == -ETIMEDOUT ? ATT_STATUS_TIMEOUT
				 : ATT_STATUS_PROTOCOL, 0, NULL, res.message);
		return -EACCES;
	}
	if (res.reason != EV_OK) {
		attest_failed(a, c->guest, res.reason, res.message);
		conn_send_status(c, ATT_VERDICT, status_of(res.reason), 0, NULL,
				 evidence_reason_name(res.reason));
		return -EACCES;
	}
	g->state = ATT_OK;
	g->attested_at = authd_now();
	g->attestations++;
	g->last_reason[0] = '\0';
	audit(a, c->guest, "attested", NULL);
	pairs_renew(a, c->guest);
	return conn_send_status(c, ATT_VERDICT, ATT_STATUS_OK,
				a->cfg->attestation.grant_ttl_s, NULL, NULL);
}

int attest_gateway(struct authd *a, struct conn *c, const struct att_msg *m)
{
	uint8_t qualifying[VT_DIGEST_LEN], buf[ATT_HDR_LEN + 4096];
	struct gateway_quote q;
	struct att_builder b;
	const uint8_t *nonce;
	size_t len;
	int r;

	att_msg_bytes(m, ATT_T_NONCE, &nonce, &len);
	r = evidence_qualifying(nonce, c->exporter, qualifying);
	if (r == 0)
		r = vtpmd_gateway_quote(a, qualifying, &q);
	if (r < 0) {
		AUTHD_LOG("no gateway quote for %s: %s", a->cfg->guests[c->guest].name,
			  strerror(-r));
		return conn_send_status(c, ATT_ERROR, ATT_STATUS_INTERNAL, 0, NULL,
					"the gateway cannot quote now");
	}
	att_build_begin(&b, buf, sizeof(buf), ATT_GATEWAY_EVIDENCE);
	att_build_put(&b, ATT_T_ATTEST, q.quote.attest, q.quote.attest_len);
	att_build_put(&b, ATT_T_SIG_R, q.quote.r, sizeof(q.quote.r));
	att_build_put(&b, ATT_T_SIG_S, q.quote.s, sizeof(q.quote.s));
	att_build_put(&b, ATT_T_AK_CERT, q.ak_der, q.ak_len);
	att_build_put(&b, ATT_T_EVENT_LOG, q.evlog, q.evlog_len);
	return conn_send(c, buf, att_build_end(&b));
}
