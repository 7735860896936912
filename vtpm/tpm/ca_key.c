/* SPDX-License-Identifier: BSD-3-Clause */
/* The platform CA key of the root TPM: derived again for every use (the
 * same key each time), used, and flushed; only its signatures leave. */
#include <errno.h>
#include <string.h>

#include "tpm_internal.h"

int vt_ca_public(struct vt_tpm *t, uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN])
{
	TPM2B_PUBLIC *pub VT_ESYS_OUT = NULL;
	VT_LOADED(ca, t);
	int r;

	if (!t || !x || !y)
		return -EINVAL;
	r = vt_primary_create(t, VT_KEY_CA, &ca, &pub);
	return r < 0 ? r : vt_point_out(pub, x, y);
}

int vt_ca_sign(struct vt_tpm *t, const uint8_t digest[VT_DIGEST_LEN],
	       uint8_t r_out[VT_COORD_LEN], uint8_t s_out[VT_COORD_LEN])
{
	const TPMT_SIG_SCHEME scheme = {
		.scheme = TPM2_ALG_ECDSA,
		.details.ecdsa.hashAlg = TPM2_ALG_SHA256,
	};
	/* The digest was not made by the TPM: a null hash-check ticket, which
	 * an unrestricted key accepts. */
	const TPMT_TK_HASHCHECK no_ticket = {
		.tag = TPM2_ST_HASHCHECK,
		.hierarchy = TPM2_RH_NULL,
	};
	TPMT_SIGNATURE *sig VT_ESYS_OUT = NULL;
	TPM2B_DIGEST d = { .size = VT_DIGEST_LEN };
	VT_LOADED(ca, t);
	int r;

	if (!t || !digest || !r_out || !s_out)
		return -EINVAL;
	memcpy(d.buffer, digest, VT_DIGEST_LEN);
	r = vt_primary_create(t, VT_KEY_CA, &ca, NULL);
	if (r < 0)
		return r;
	r = vt_rc_errno(t, Esys_Sign(t->esys, ca.tr, ESYS_TR_PASSWORD, ESYS_TR_NONE,
				     ESYS_TR_NONE, &d, &scheme, &no_ticket, &sig));
	if (r < 0)
		return r;
	if (sig->sigAlg != TPM2_ALG_ECDSA || sig->signature.ecdsa.hash != TPM2_ALG_SHA256)
		return -EIO;
	r = vt_param_out(&sig->signature.ecdsa.signatureR, r_out);
	return r < 0 ? r : vt_param_out(&sig->signature.ecdsa.signatureS, s_out);
}
