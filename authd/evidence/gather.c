/* SPDX-License-Identifier: BSD-3-Clause */
/* The agent's side: a quote of the launch PCRs by the guest's AK, bound
 * to the verifier's nonce and to the TLS session it is sent in. */
#include <errno.h>

#include "evidence.h"

int evidence_gather(struct vt_tpm *guest, const uint8_t nonce[EVIDENCE_NONCE_LEN],
		    const uint8_t exporter[EVIDENCE_EXPORTER_LEN], const uint32_t *pcrs,
		    size_t n, struct evidence *out)
{
	uint8_t qualifying[VT_DIGEST_LEN];
	int r;

	if (!guest || !out)
		return -EINVAL;
	r = evidence_qualifying(nonce, exporter, qualifying);
	if (r < 0)
		return r;
	return vt_quote(guest, VT_AK_HANDLE, pcrs, n, qualifying, sizeof(qualifying),
			&out->quote);
}
