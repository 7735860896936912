/* SPDX-License-Identifier: BSD-3-Clause */
/* Whose AK signed: a certificate of the platform CA issued to "<name> AK".
 * The CN is what ties the key to one guest (or the gateway): any vTPM's
 * AK chains to the same CA. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "evidence_local.h"
#include "vt_cert.h"

/* What a failure of vt_cert_verify() says about the AK certificate. */
static const char *chain_failure(int r)
{
	switch (r) {
	case -EKEYEXPIRED:
		return "it is expired or not yet valid";
	case -EBADMSG:
		return "it cannot be parsed";
	case -EINVAL:
		return "it is empty or too long";
	default:
		return "it is not signed by the platform CA";
	}
}

int ev_ak_check(const uint8_t *ca_der, size_t ca_len, const uint8_t *ak_der,
		size_t ak_len, const char *name, const char *who,
		uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN],
		struct evidence_result *out)
{
	char cn[VT_CERT_CN_MAX + 1], want[VT_CERT_CN_MAX + 8];
	int r;

	/* An empty or oversized certificate from the peer is no certificate
	 * of the CA (vt_cert_verify calls it -EINVAL). */
	r = vt_cert_verify(ca_der, ca_len, ak_der, ak_len);
	if (r == -ENOMEM || r == -EIO)
		return ev_internal(out, r, who, "cannot verify the AK certificate");
	if (r < 0)
		return ev_refuse(out, EV_FAIL_AK_CHAIN, who, "%s", chain_failure(r));

	if ((size_t)snprintf(want, sizeof(want), "%s AK", name) > VT_CERT_CN_MAX)
		return ev_refuse(out, EV_FAIL_AK_NAME, who, "no AK certificate can name it");
	r = vt_cert_subject_cn(ak_der, ak_len, cn, sizeof(cn));
	if (r < 0)
		return ev_refuse(out, EV_FAIL_AK_NAME, who, "it has no valid common name");
	if (strcmp(cn, want) != 0)
		return ev_refuse(out, EV_FAIL_AK_NAME, who, "it is issued to '%s', not '%s'",
				 cn, want);

	r = vt_cert_public(ak_der, ak_len, x, y);
	if (r < 0)
		return ev_refuse(out, EV_FAIL_AK_CHAIN, who, "it certifies no P-256 key: %s",
				 strerror(-r));
	return 0;
}
