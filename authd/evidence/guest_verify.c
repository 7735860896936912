/* SPDX-License-Identifier: BSD-3-Clause */
/* authd's judgement of a guest's evidence: the AK is the guest's, the
 * quote is fresh and bound to this TLS session, the event log explains the
 * quoted PCRs, and what it says was measured is what the policy approves. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "evidence_local.h"
#include "hex.h"

/* The policy's approved digests for a launch part. */
static const struct vg_digests *approved(const struct vg_guest *g, unsigned part)
{
	switch (part) {
	case EVLOG_KERNEL:
		return &g->measurements.kernel;
	case EVLOG_INITRD:
		return &g->measurements.initrd;
	case EVLOG_CMDLINE:
		return &g->measurements.cmdline;
	default:
		return &g->measurements.disk;
	}
}

static bool has_reference(const struct vg_guest *g)
{
	if (!g)
		return false;
	for (unsigned part = EVLOG_KERNEL; part <= EVLOG_DISK; part++)
		if (approved(g, part)->n > 0)
			return true;
	return false;
}

/* Parses the guest's log into *log and checks it against the layout: each
 * event a launch part, in its own PCR, which is quoted, and no part twice.
 * 0, or -EBADMSG with the refusal in out. */
static int log_check(const struct evidence_input *in, const char *who, struct evlog *log,
		     struct evidence_result *out)
{
	unsigned seen = 0;

	if (evlog_parse(in->evlog, in->evlog_len, log) < 0) {
		ev_refuse(out, EV_FAIL_EVENT_LOG, who, "%zu bytes that are no valid log",
			  in->evlog_len);
		return -EBADMSG;
	}
	for (size_t i = 0; i < log->n; i++) {
		const struct evlog_entry *e = &log->e[i];
		const char *part = evlog_part_name(e->part);

		if (e->part < EVLOG_KERNEL || e->part > EVLOG_DISK)
			ev_refuse(out, EV_FAIL_EVENT_LOG, who,
				  "event %zu: %s is no launch part", i, part);
		else if (!(in->pcr_mask & (1u << e->pcr)))
			ev_refuse(out, EV_FAIL_EVENT_LOG, who,
				  "event %zu: PCR %u is not among the quoted PCRs", i, e->pcr);
		else if (e->pcr != evlog_part_pcr(e->part))
			ev_refuse(out, EV_FAIL_EVENT_LOG, who,
				  "event %zu: %s in PCR %u, its PCR is %d", i, part, e->pcr,
				  evlog_part_pcr(e->part));
		else if (seen & (1u << e->part))
			ev_refuse(out, EV_FAIL_EVENT_LOG, who,
				  "event %zu: %s measured a second time", i, part);
		else {
			seen |= 1u << e->part;
			continue;
		}
		return -EBADMSG;
	}
	return 0;
}

static bool digest_approved(const struct vg_digests *d, const uint8_t digest[VT_DIGEST_LEN])
{
	for (size_t i = 0; i < d->n; i++)
		if (memcmp(d->values[i], digest, VT_DIGEST_LEN) == 0)
			return true;
	return false;
}

/* Every logged digest approved for its part, every approved part logged
 * (once: log_check saw to that). */
static int approvals_check(const struct vg_guest *g, const struct evlog *log,
			   const char *who, struct evidence_result *out)
{
	char hex[2 * VT_DIGEST_LEN + 1];
	unsigned seen = 0;

	for (size_t i = 0; i < log->n; i++) {
		const struct evlog_entry *e = &log->e[i];

		seen |= 1u << e->part;
		if (!digest_approved(approved(g, e->part), e->digest)) {
			vg_hex_encode(e->digest, VT_DIGEST_LEN, hex);
			return ev_refuse(out, EV_FAIL_UNAPPROVED, who,
					 "%s %s is not approved", evlog_part_name(e->part), hex);
		}
	}
	for (unsigned part = EVLOG_KERNEL; part <= EVLOG_DISK; part++)
		if (approved(g, part)->n > 0 && !(seen & (1u << part)))
			return ev_refuse(out, EV_FAIL_UNAPPROVED, who,
					 "%s was not measured", evlog_part_name(part));
	return 0;
}

static bool input_valid(const struct evidence_input *in)
{
	return in->ca_der && in->ca_len > 0 && in->guest_name && in->nonce &&
	       in->exporter && in->quote && in->pcr_mask != 0 &&
	       in->pcr_mask < (1u << VT_PCR_COUNT) &&
	       (!in->guest || (in->guest->name && strcmp(in->guest->name, in->guest_name) == 0));
}

/* The AK's key, from the cache when the certificate is the one accepted
 * last, else checked (and cached). */
static int ak_checked(const struct evidence_input *in, const char *who,
		      uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN],
		      struct evidence_result *out)
{
	struct evidence_ak_cache *c = in->ak_cache;
	int r;

	if (c && c->valid && in->ak_der && c->len == in->ak_len &&
	    memcmp(c->der, in->ak_der, c->len) == 0) {
		memcpy(x, c->x, VT_COORD_LEN);
		memcpy(y, c->y, VT_COORD_LEN);
		return 0;
	}
	r = ev_ak_check(in->ca_der, in->ca_len, in->ak_der, in->ak_len, in->guest_name,
			who, x, y, out);
	if (c) {
		c->valid = r == 0 && in->ak_len <= sizeof(c->der);
		if (c->valid) {
			c->len = in->ak_len;
			memcpy(c->der, in->ak_der, in->ak_len);
			memcpy(c->x, x, VT_COORD_LEN);
			memcpy(c->y, y, VT_COORD_LEN);
		}
	}
	return r;
}

int evidence_verify(const struct evidence_input *in, struct evidence_result *out)
{
	uint8_t values[VT_PCR_COUNT][VT_DIGEST_LEN], x[VT_COORD_LEN], y[VT_COORD_LEN];
	uint32_t pcrs[VT_PCR_COUNT];
	char who[VG_NAME_MAX + 16];
	struct evlog log;
	size_t n;
	int r;

	if (!out)
		return -EINVAL;
	if (!in || !input_valid(in))
		return ev_internal(out, -EINVAL, "guest", "incomplete evidence input");
	snprintf(who, sizeof(who), "guest '%.*s'", VG_NAME_MAX, in->guest_name);

	if (!has_reference(in->guest))
		return ev_refuse(out, EV_FAIL_NO_REFERENCE, who, "%s",
				 in->guest ? "its entry has no measurements"
					   : "it has no entry");
	r = ak_checked(in, who, x, y, out);
	if (r < 0)
		return r;

	n = evidence_mask_pcrs(in->pcr_mask, pcrs);
	if (log_check(in, who, &log, out) < 0) {
		/* Reasons of the quote itself come before those of the log. */
		struct evidence_result log_verdict = *out;

		r = ev_quote_check(x, y, in->quote, in->nonce, in->exporter, pcrs, n, NULL,
				   who, out);
		if (r < 0)
			return r;
		*out = log_verdict;
		return -EACCES;
	}
	r = ev_replay_selected(&log, in->pcr_mask, pcrs, n, values);
	if (r < 0)
		return ev_internal(out, r, who, "cannot replay the event log");
	r = ev_quote_check(x, y, in->quote, in->nonce, in->exporter, pcrs, n,
			   (const uint8_t (*)[VT_DIGEST_LEN])values, who, out);
	if (r < 0)
		return r;
	r = approvals_check(in->guest, &log, who, out);
	return r < 0 ? r : ev_accept(out, who);
}
