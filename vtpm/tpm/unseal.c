/* SPDX-License-Identifier: BSD-3-Clause */
/* Unsealing a secret while its PCR holds the sealed value. */
#include <errno.h>
#include <string.h>

#include "seal_blob.h"

/* The errno of a failed Load: the TPM rejected the blob's contents (its
 * integrity check, or any parameter check) or ESAPI could not take them. */
static int load_errno(struct vt_tpm *t, TSS2_RC rc)
{
	int r = vt_rc_errno(t, rc);

	if ((rc & TSS2_RC_LAYER_MASK) == TSS2_TPM_RC_LAYER &&
	    ((rc & TPM2_RC_FMT1) || vt_rc_base(rc) == TPM2_RC_SENSITIVE))
		return -EBADMSG;
	return r == -EINVAL ? -EBADMSG : r;
}

int vt_unseal(struct vt_tpm *t, const struct vt_blob *blob, uint8_t *secret, size_t *len)
{
	TPM2B_SENSITIVE_DATA *data __attribute__((cleanup(vt_esys_free_sensitive))) = NULL;
	TPM2B_PRIVATE priv;
	TPM2B_PUBLIC pub;
	VT_LOADED(srk, t);
	VT_LOADED(obj, t);
	VT_LOADED(policy, t);
	uint32_t pcr;
	TSS2_RC rc;
	int r;

	if (!t || !blob || !secret || !len)
		return -EINVAL;
	r = vt_seal_blob_read(blob, &pcr, &pub, &priv);
	if (r < 0)
		return r;
	r = vt_primary_create(t, VT_KEY_SRK, &srk, NULL);
	if (r < 0)
		return r;
	rc = Esys_Load(t->esys, srk.tr, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
		       &priv, &pub, &obj.tr);
	if (rc != TSS2_RC_SUCCESS)
		return load_errno(t, rc);
	/* The policy session also encrypts the secret on its way back. */
	r = vt_session_start(t, TPM2_SE_POLICY, srk.tr, TPMA_SESSION_ENCRYPT, &policy);
	if (r < 0)
		return r;
	r = vt_policy_pcr(t, policy.tr, pcr);
	if (r < 0)
		return r;
	r = vt_rc_errno(t, Esys_Unseal(t->esys, obj.tr, policy.tr, ESYS_TR_NONE,
				       ESYS_TR_NONE, &data));
	if (r < 0)
		return r;
	if (data->size == 0 || data->size > VT_SEAL_MAX)
		return -EBADMSG;
	memcpy(secret, data->buffer, data->size);
	*len = data->size;
	return 0;
}
