/* SPDX-License-Identifier: BSD-3-Clause */
/* Unwrapping a credential with the guest vTPM's EK and AK: proves to the
 * maker that the AK lives in the TPM that holds the EK. */
#include <errno.h>
#include <string.h>
#include <tss2_mu.h>

#include "tpm_internal.h"

/* Reads both blobs, each exactly one non-empty marshalled TPM2B:
 * -EBADMSG otherwise. */
static int blobs_read(const struct vt_blob *cred, const struct vt_blob *enc_secret,
		      TPM2B_ID_OBJECT *id, TPM2B_ENCRYPTED_SECRET *seed)
{
	size_t off = 0;

	memset(id, 0, sizeof(*id));
	memset(seed, 0, sizeof(*seed));
	if (cred->len > VT_BLOB_MAX || enc_secret->len > VT_BLOB_MAX)
		return -EBADMSG;
	if (Tss2_MU_TPM2B_ID_OBJECT_Unmarshal(cred->data, cred->len, &off, id) ||
	    off != cred->len || id->size == 0)
		return -EBADMSG;
	off = 0;
	if (Tss2_MU_TPM2B_ENCRYPTED_SECRET_Unmarshal(enc_secret->data, enc_secret->len,
						     &off, seed) ||
	    off != enc_secret->len || seed->size == 0)
		return -EBADMSG;
	return 0;
}

/* Starts the EK's policy session: PolicySecret(TPM_RH_ENDORSEMENT). It is
 * salted with the EK and encrypts the secret on its way back. */
static int ek_policy(struct vt_tpm *t, ESYS_TR ek, struct vt_handle *session)
{
	TPMT_TK_AUTH *ticket VT_ESYS_OUT = NULL;
	TPM2B_TIMEOUT *timeout VT_ESYS_OUT = NULL;
	int r = vt_session_start(t, TPM2_SE_POLICY, ek, TPMA_SESSION_ENCRYPT, session);

	if (r < 0)
		return r;
	return vt_rc_errno(t, Esys_PolicySecret(t->esys, ESYS_TR_RH_ENDORSEMENT, session->tr,
						ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
						NULL, NULL, NULL, 0, &timeout, &ticket));
}

int vt_activate_credential(struct vt_tpm *guest, const struct vt_blob *cred,
			   const struct vt_blob *enc_secret,
			   uint8_t secret[VT_DIGEST_LEN])
{
	TPM2B_DIGEST *out __attribute__((cleanup(vt_esys_free_digest))) = NULL;
	TPM2B_ENCRYPTED_SECRET seed;
	TPM2B_ID_OBJECT id;
	VT_PERSISTENT(ak, guest);
	VT_PERSISTENT(ek, guest);
	VT_LOADED(session, guest);
	TSS2_RC rc;
	int r;

	if (!guest || !cred || !enc_secret || !secret)
		return -EINVAL;
	r = blobs_read(cred, enc_secret, &id, &seed);
	if (r == 0)
		r = vt_persistent_open(guest, VT_AK_HANDLE, &ak);
	if (r == 0)
		r = vt_persistent_open(guest, VT_EK_HANDLE, &ek);
	if (r == 0)
		r = ek_policy(guest, ek.tr, &session);
	if (r < 0)
		return r;
	rc = Esys_ActivateCredential(guest->esys, ak.tr, ek.tr, ESYS_TR_PASSWORD, session.tr,
				     ESYS_TR_NONE, &id, &seed, &out);
	r = vt_rc_errno(guest, rc);
	/* Another EK derives another seed, another AK name another HMAC key:
	 * the TPM reports either as a failed integrity (or point) check of
	 * the blobs. */
	if ((rc & TSS2_RC_LAYER_MASK) == TSS2_TPM_RC_LAYER && (rc & TPM2_RC_FMT1))
		return -EACCES;
	if (r < 0)
		return r;
	if (out->size != VT_DIGEST_LEN)
		return -EBADMSG;
	memcpy(secret, out->buffer, VT_DIGEST_LEN);
	return 0;
}
