/* SPDX-License-Identifier: BSD-3-Clause */
/* Wrapping a secret for another TPM's EK and AK (the root TPM's side of
 * credential activation): only that TPM, holding that AK, can unwrap it. */
#include <errno.h>
#include <string.h>
#include <tss2_mu.h>

#include "tpm_internal.h"

static void wipe_digest(TPM2B_DIGEST *d)
{
	explicit_bzero(d, sizeof(*d));
}

/* Loads the public part of an EK into the null hierarchy: -EINVAL when the
 * TPM refuses the point. */
static int ek_load(struct vt_tpm *t, const uint8_t x[VT_COORD_LEN],
		   const uint8_t y[VT_COORD_LEN], struct vt_handle *ek)
{
	TPM2B_PUBLIC pub;
	TSS2_RC rc;

	vt_template(VT_KEY_EK, &pub, NULL);
	vt_point_in(x, y, &pub);
	rc = Esys_LoadExternal(t->esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, NULL,
			       &pub, ESYS_TR_RH_NULL, &ek->tr);
	if (rc == TSS2_RC_SUCCESS)
		return 0;
	if ((rc & TSS2_RC_LAYER_MASK) == TSS2_TPM_RC_LAYER && (rc & TPM2_RC_FMT1)) {
		vt_rc_errno(t, rc);
		return -EINVAL;
	}
	return vt_rc_errno(t, rc);
}

int vt_make_credential(struct vt_tpm *root, const uint8_t ek_x[VT_COORD_LEN],
		       const uint8_t ek_y[VT_COORD_LEN], const uint8_t *ak_name,
		       size_t name_len, const uint8_t secret[VT_DIGEST_LEN],
		       struct vt_blob *cred, struct vt_blob *enc_secret)
{
	TPM2B_DIGEST credential __attribute__((cleanup(wipe_digest))) = { 0 };
	TPM2B_ENCRYPTED_SECRET *seed VT_ESYS_OUT = NULL;
	TPM2B_ID_OBJECT *id VT_ESYS_OUT = NULL;
	TPM2B_NAME name = { .size = (UINT16)name_len };
	size_t id_len = 0, seed_len = 0;
	VT_LOADED(srk, root);
	VT_LOADED(enc, root);
	VT_LOADED(ek, root);
	int r;

	if (!root || !ek_x || !ek_y || !ak_name || !secret || !cred || !enc_secret ||
	    name_len < 2 || name_len > sizeof(name.name))
		return -EINVAL;
	memcpy(name.name, ak_name, name_len);
	memcpy(credential.buffer, secret, VT_DIGEST_LEN);
	credential.size = VT_DIGEST_LEN;

	r = ek_load(root, ek_x, ek_y, &ek);
	if (r < 0)
		return r;
	/* The secret travels to the TPM encrypted, by a session salted with
	 * the SRK (MakeCredential needs no authorisation). */
	r = vt_primary_create(root, VT_KEY_SRK, &srk, NULL);
	if (r == 0)
		r = vt_session_start(root, TPM2_SE_HMAC, srk.tr, TPMA_SESSION_DECRYPT, &enc);
	if (r < 0)
		return r;
	r = vt_rc_errno(root, Esys_MakeCredential(root->esys, ek.tr, enc.tr, ESYS_TR_NONE,
						  ESYS_TR_NONE, &credential, &name, &id,
						  &seed));
	if (r < 0)
		return r;
	if (Tss2_MU_TPM2B_ID_OBJECT_Marshal(id, cred->data, VT_BLOB_MAX, &id_len) ||
	    Tss2_MU_TPM2B_ENCRYPTED_SECRET_Marshal(seed, enc_secret->data, VT_BLOB_MAX,
						   &seed_len))
		return -ENOSPC;
	cred->len = id_len;
	enc_secret->len = seed_len;
	return 0;
}
