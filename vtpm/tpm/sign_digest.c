/* SPDX-License-Identifier: BSD-3-Clause */
/* ECDSA P-256 over SHA-256 with a loaded unrestricted signing key. */
#include <errno.h>
#include <string.h>

#include "tpm_internal.h"

int vt_sign_digest(struct vt_tpm *t, ESYS_TR key, const uint8_t digest[VT_DIGEST_LEN],
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
	int r;

	memcpy(d.buffer, digest, VT_DIGEST_LEN);
	r = vt_rc_errno(t, Esys_Sign(t->esys, key, ESYS_TR_PASSWORD, ESYS_TR_NONE,
				     ESYS_TR_NONE, &d, &scheme, &no_ticket, &sig));
	if (r < 0)
		return r;
	if (sig->sigAlg != TPM2_ALG_ECDSA || sig->signature.ecdsa.hash != TPM2_ALG_SHA256)
		return -EIO;
	r = vt_param_out(&sig->signature.ecdsa.signatureR, r_out);
	return r < 0 ? r : vt_param_out(&sig->signature.ecdsa.signatureS, s_out);
}
