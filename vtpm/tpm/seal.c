/* SPDX-License-Identifier: BSD-3-Clause */
/* Sealing a secret to the current value of one PCR. */
#include <errno.h>
#include <string.h>

#include "seal_blob.h"

static void wipe_sensitive_create(TPM2B_SENSITIVE_CREATE *s)
{
	explicit_bzero(s, sizeof(*s));
}

/* The digest of PolicyPCR(sha256:{pcr}) at the PCR's current value, from
 * a trial session, into *policy (free with Esys_Free). */
static int pcr_policy_digest(struct vt_tpm *t, uint32_t pcr, TPM2B_DIGEST **policy)
{
	VT_LOADED(trial, t);
	int r = vt_session_start(t, TPM2_SE_TRIAL, ESYS_TR_NONE, 0, &trial);

	if (r == 0)
		r = vt_policy_pcr(t, trial.tr, pcr);
	if (r == 0)
		r = vt_rc_errno(t, Esys_PolicyGetDigest(t->esys, trial.tr, ESYS_TR_NONE,
							ESYS_TR_NONE, ESYS_TR_NONE, policy));
	return r;
}

int vt_seal(struct vt_tpm *t, const uint8_t *secret, size_t len, uint32_t pcr,
	    struct vt_blob *out)
{
	TPM2B_SENSITIVE_CREATE in __attribute__((cleanup(wipe_sensitive_create))) = { 0 };
	const TPML_PCR_SELECTION no_pcrs = { 0 };
	const TPM2B_DATA no_info = { 0 };
	TPM2B_DIGEST *policy VT_ESYS_OUT = NULL;
	TPM2B_PRIVATE *priv VT_ESYS_OUT = NULL;
	TPM2B_PUBLIC *pub VT_ESYS_OUT = NULL;
	TPM2B_PUBLIC template;
	VT_LOADED(srk, t);
	VT_LOADED(enc, t);
	int r;

	if (!t || !secret || !out || len == 0 || len > VT_SEAL_MAX || pcr >= VT_PCR_COUNT)
		return -EINVAL;
	r = pcr_policy_digest(t, pcr, &policy);
	if (r < 0)
		return r;
	if (policy->size != VT_DIGEST_LEN)
		return -EIO;
	vt_template_sealed(policy, &template);

	r = vt_primary_create(t, VT_KEY_SRK, &srk, NULL);
	if (r < 0)
		return r;
	/* The secret travels to the TPM encrypted, by a session salted with
	 * the SRK. */
	r = vt_session_start(t, TPM2_SE_HMAC, srk.tr, TPMA_SESSION_DECRYPT, &enc);
	if (r < 0)
		return r;
	memcpy(in.sensitive.data.buffer, secret, len);
	in.sensitive.data.size = (UINT16)len;
	r = vt_rc_errno(t, Esys_Create(t->esys, srk.tr, ESYS_TR_PASSWORD, enc.tr,
				       ESYS_TR_NONE, &in, &template, &no_info, &no_pcrs,
				       &priv, &pub, NULL, NULL, NULL));
	if (r < 0)
		return r;
	return vt_seal_blob_write(pcr, pub, priv, out);
}
