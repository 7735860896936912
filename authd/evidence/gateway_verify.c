/* SPDX-License-Identifier: BSD-3-Clause */
/* The agent's judgement of the gateway: its root TPM's AK, certified to
 * the gateway's name, quotes PCRs 16 and 23 for this nonce and session;
 * its event log explains them; PCR 23 is the reference the agent was
 * provisioned with. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "evidence_local.h"
#include "hex.h"

static const uint32_t gateway_pcrs[2] = { EVLOG_PCR_POLICY, EVLOG_PCR_GATEWAY };
#define GATEWAY_MASK ((1u << EVLOG_PCR_POLICY) | (1u << EVLOG_PCR_GATEWAY))

/* Parses the gateway's log into *log: only gateway binaries (at least one)
 * in PCR 23 and one policy file in PCR 16. 0, or -EBADMSG with the refusal
 * in out. */
static int log_check(const struct gateway_evidence_input *in, const char *who,
		     struct evlog *log, struct evidence_result *out)
{
	size_t binaries = 0, policies = 0;

	if (evlog_parse(in->evlog, in->evlog_len, log) < 0) {
		ev_refuse(out, EV_FAIL_EVENT_LOG, who, "%zu bytes that are no valid log",
			  in->evlog_len);
		return -EBADMSG;
	}
	for (size_t i = 0; i < log->n; i++) {
		const struct evlog_entry *e = &log->e[i];

		if ((e->part != EVLOG_GATEWAY_BINARY && e->part != EVLOG_POLICY_FILE) ||
		    e->pcr != evlog_part_pcr(e->part)) {
			ev_refuse(out, EV_FAIL_EVENT_LOG, who, "event %zu: %s in PCR %u", i,
				  evlog_part_name(e->part), e->pcr);
			return -EBADMSG;
		}
		if (e->part == EVLOG_GATEWAY_BINARY)
			binaries++;
		else
			policies++;
	}
	if (binaries == 0 || policies != 1) {
		ev_refuse(out, EV_FAIL_EVENT_LOG, who,
			  "%zu binaries and %zu policy files, not at least 1 and 1",
			  binaries, policies);
		return -EBADMSG;
	}
	return 0;
}

static bool input_valid(const struct gateway_evidence_input *in)
{
	return in->ca_der && in->ca_len > 0 && in->gateway_name && in->nonce &&
	       in->exporter && in->expected_pcr23 && in->quote;
}

int gateway_evidence_verify(const struct gateway_evidence_input *in,
			    struct evidence_result *out)
{
	uint8_t values[VT_PCR_COUNT][VT_DIGEST_LEN], x[VT_COORD_LEN], y[VT_COORD_LEN];
	char who[VG_NAME_MAX + 16], hex[2 * VT_DIGEST_LEN + 1];
	struct evlog log;
	int r;

	if (!out)
		return -EINVAL;
	if (!in || !input_valid(in))
		return ev_internal(out, -EINVAL, "gateway", "incomplete evidence input");
	snprintf(who, sizeof(who), "gateway '%.*s'", VG_NAME_MAX, in->gateway_name);

	r = ev_ak_check(in->ca_der, in->ca_len, in->ak_der, in->ak_len, in->gateway_name,
			who, x, y, out);
	if (r < 0)
		return r;
	if (log_check(in, who, &log, out) < 0) {
		struct evidence_result log_verdict = *out;

		r = ev_quote_check(x, y, in->quote, in->nonce, in->exporter, gateway_pcrs, 2,
				   NULL, who, out);
		if (r < 0)
			return r;
		*out = log_verdict;
		return -EACCES;
	}
	r = ev_replay_selected(&log, GATEWAY_MASK, gateway_pcrs, 2, values);
	if (r < 0)
		return ev_internal(out, r, who, "cannot replay the event log");
	r = ev_quote_check(x, y, in->quote, in->nonce, in->exporter, gateway_pcrs, 2,
			   (const uint8_t (*)[VT_DIGEST_LEN])values, who, out);
	if (r < 0)
		return r;
	/* values[1] is PCR 23, as gateway_pcrs lists it. */
	if (memcmp(values[1], in->expected_pcr23, VT_DIGEST_LEN) != 0) {
		vg_hex_encode(values[1], VT_DIGEST_LEN, hex);
		return ev_refuse(out, EV_FAIL_GATEWAY_PCR, who, "PCR 23 holds %s", hex);
	}
	return ev_accept(out, who);
}
