/* SPDX-License-Identifier: BSD-3-Clause */
/* Quotes of sha256 PCRs, signed by the root TPM's AK or a persistent AK. */
#include <errno.h>
#include <string.h>

#include "tpm_internal.h"

int vt_root_ak_public(struct vt_tpm *t, uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN])
{
	TPM2B_PUBLIC *pub VT_ESYS_OUT = NULL;
	VT_LOADED(ak, t);
	int r;

	if (!t || !x || !y)
		return -EINVAL;
	r = vt_primary_create(t, VT_KEY_ROOT_AK, &ak, &pub);
	return r < 0 ? r : vt_point_out(pub, x, y);
}

/* Copies what the TPM returned into out: -EIO when it is not an ECDSA
 * SHA-256 signature or does not fit. */
static int quote_out(const TPM2B_ATTEST *attest, const TPMT_SIGNATURE *sig,
		     struct vt_quote *out)
{
	int r;

	if (sig->sigAlg != TPM2_ALG_ECDSA || sig->signature.ecdsa.hash != TPM2_ALG_SHA256 ||
	    attest->size == 0 || attest->size > VT_ATTEST_MAX)
		return -EIO;
	memcpy(out->attest, attest->attestationData, attest->size);
	out->attest_len = attest->size;
	r = vt_param_out(&sig->signature.ecdsa.signatureR, out->r);
	return r < 0 ? r : vt_param_out(&sig->signature.ecdsa.signatureS, out->s);
}

int vt_quote(struct vt_tpm *t, uint32_t ak_handle, const uint32_t *pcrs, size_t n,
	     const uint8_t *qualifying, size_t qlen, struct vt_quote *out)
{
	const TPMT_SIG_SCHEME key_scheme = { .scheme = TPM2_ALG_NULL };
	TPMT_SIGNATURE *sig VT_ESYS_OUT = NULL;
	TPM2B_ATTEST *attest VT_ESYS_OUT = NULL;
	TPM2B_DATA qdata = { .size = (UINT16)qlen };
	TPML_PCR_SELECTION sel;
	VT_PERSISTENT(guest_ak, t);
	VT_LOADED(root_ak, t);
	ESYS_TR ak;
	int r;

	if (!t || !out || qlen > VT_NONCE_MAX || (qlen && !qualifying))
		return -EINVAL;
	if (ak_handle && ak_handle >> TPM2_HR_SHIFT != TPM2_HT_PERSISTENT)
		return -EINVAL;
	r = vt_pcr_select(pcrs, n, &sel);
	if (r < 0)
		return r;
	if (qlen)
		memcpy(qdata.buffer, qualifying, qlen);

	if (ak_handle) {
		r = vt_persistent_open(t, ak_handle, &guest_ak);
		ak = guest_ak.tr;
	} else {
		r = vt_primary_create(t, VT_KEY_ROOT_AK, &root_ak, NULL);
		ak = root_ak.tr;
	}
	if (r < 0)
		return r;
	r = vt_rc_errno(t, Esys_Quote(t->esys, ak, ESYS_TR_PASSWORD, ESYS_TR_NONE,
				      ESYS_TR_NONE, &qdata, &key_scheme, &sel, &attest, &sig));
	if (r < 0)
		return r;
	memset(out, 0, sizeof(*out));
	return quote_out(attest, sig, out);
}
