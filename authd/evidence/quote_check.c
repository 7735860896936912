/* SPDX-License-Identifier: BSD-3-Clause */
/* The quote: signed by the certified AK, for this nonce and TLS session,
 * over the expected PCRs holding the values the event log replays to.
 * Each failure of vt_quote_verify() is a reason of its own. */
#include <errno.h>
#include <string.h>

#include "evidence_local.h"

int ev_replay_selected(const struct evlog *log, uint32_t mask, const uint32_t *pcrs,
		       size_t n, uint8_t out[VT_PCR_COUNT][VT_DIGEST_LEN])
{
	uint8_t all[EVLOG_PCR_COUNT][EVLOG_DIGEST_LEN];
	int r = evlog_replay(log, mask, all);

	if (r < 0)
		return r;
	for (size_t i = 0; i < n && i < VT_PCR_COUNT; i++)
		memcpy(out[i], all[pcrs[i]], VT_DIGEST_LEN);
	return 0;
}

int ev_quote_check(const uint8_t x[VT_COORD_LEN], const uint8_t y[VT_COORD_LEN],
		   const struct vt_quote *q, const uint8_t *nonce,
		   const uint8_t *exporter, const uint32_t *pcrs, size_t n,
		   const uint8_t (*values)[VT_DIGEST_LEN], const char *who,
		   struct evidence_result *out)
{
	static const uint8_t zeros[VT_PCR_COUNT][VT_DIGEST_LEN];
	uint8_t qualifying[VT_DIGEST_LEN];
	int r = evidence_qualifying(nonce, exporter, qualifying);

	if (r < 0)
		return ev_internal(out, r, who, "cannot hash the qualifying data");
	/* Without values, zeros stand in: the PCR digest is compared last,
	 * so -EPERM then means every other check passed. */
	r = vt_quote_verify(x, y, q, qualifying, sizeof(qualifying), pcrs, n,
			    values ? values : zeros);
	if (r == -EPERM && !values)
		r = 0;
	switch (r) {
	case 0:
		return 0;
	case -EKEYREJECTED:
		return ev_refuse(out, EV_FAIL_SIGNATURE, who,
				 "ECDSA verification of the quote failed");
	case -EBADMSG:
		return ev_refuse(out, EV_FAIL_QUOTE, who,
				 "%zu bytes of attestation that are no TPMS_ATTEST quote",
				 q->attest_len);
	case -ESTALE:
		return ev_refuse(out, EV_FAIL_NONCE, who,
				 "its qualifying data is not SHA-256(nonce || exporter)");
	case -ERANGE:
		return ev_refuse(out, EV_FAIL_PCR_SELECTION, who,
				 "it does not select exactly the expected sha256 PCRs");
	case -EPERM:
		return ev_refuse(out, EV_FAIL_REPLAY, who,
				 "the quoted PCR digest differs from the replayed one");
	default:
		return ev_internal(out, r, who, "cannot verify the quote");
	}
}
