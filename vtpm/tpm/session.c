/* SPDX-License-Identifier: BSD-3-Clause */
/* Policy sessions, and the PCR policy that guards sealed secrets. */
#include <errno.h>

#include "tpm_internal.h"

int vt_session_start(struct vt_tpm *t, TPM2_SE type, ESYS_TR salt_key,
		     TPMA_SESSION crypt, struct vt_handle *out)
{
	TPMT_SYM_DEF sym = { .algorithm = TPM2_ALG_NULL };
	TSS2_RC rc;

	if (crypt & ~(TPMA_SESSION_DECRYPT | TPMA_SESSION_ENCRYPT))
		return -EINVAL;
	if (salt_key != ESYS_TR_NONE) {
		sym.algorithm = TPM2_ALG_AES;
		sym.keyBits.aes = 128;
		sym.mode.aes = TPM2_ALG_CFB;
	}
	rc = Esys_StartAuthSession(t->esys, salt_key, ESYS_TR_NONE, ESYS_TR_NONE,
				   ESYS_TR_NONE, ESYS_TR_NONE, NULL, type, &sym,
				   TPM2_ALG_SHA256, &out->tr);
	if (rc != TSS2_RC_SUCCESS)
		return vt_rc_errno(t, rc);
	if (salt_key == ESYS_TR_NONE || !crypt)
		return 0;
	return vt_rc_errno(t, Esys_TRSess_SetAttributes(t->esys, out->tr,
		TPMA_SESSION_CONTINUESESSION | crypt, 0xff));
}

int vt_policy_pcr(struct vt_tpm *t, ESYS_TR session, uint32_t pcr)
{
	/* An empty digest makes the TPM use the PCRs' current values: in a
	 * trial session to compute the policy, in a real one to assert it. */
	const TPM2B_DIGEST current = { 0 };
	TPML_PCR_SELECTION sel;
	int r = vt_pcr_select(&pcr, 1, &sel);

	if (r < 0)
		return r;
	return vt_rc_errno(t, Esys_PolicyPCR(t->esys, session, ESYS_TR_NONE, ESYS_TR_NONE,
					     ESYS_TR_NONE, &current, &sel));
}
