/* SPDX-License-Identifier: BSD-3-Clause */
/* Resetting, extending and reading one PCR of the sha256 bank. */
#include <errno.h>
#include <string.h>

#include "tpm_internal.h"

int vt_pcr_reset(struct vt_tpm *t, uint32_t pcr)
{
	if (!t || pcr >= VT_PCR_COUNT)
		return -EINVAL;
	return vt_rc_errno(t, Esys_PCR_Reset(t->esys, ESYS_TR_PCR0 + pcr, ESYS_TR_PASSWORD,
					     ESYS_TR_NONE, ESYS_TR_NONE));
}

int vt_pcr_extend(struct vt_tpm *t, uint32_t pcr, const uint8_t digest[VT_DIGEST_LEN])
{
	TPML_DIGEST_VALUES v = { .count = 1 };

	if (!t || !digest || pcr >= VT_PCR_COUNT)
		return -EINVAL;
	v.digests[0].hashAlg = TPM2_ALG_SHA256;
	memcpy(v.digests[0].digest.sha256, digest, VT_DIGEST_LEN);
	return vt_rc_errno(t, Esys_PCR_Extend(t->esys, ESYS_TR_PCR0 + pcr, ESYS_TR_PASSWORD,
					      ESYS_TR_NONE, ESYS_TR_NONE, &v));
}

int vt_pcr_read(struct vt_tpm *t, uint32_t pcr, uint8_t out[VT_DIGEST_LEN])
{
	TPML_PCR_SELECTION *sel_out VT_ESYS_OUT = NULL;
	TPML_DIGEST *values VT_ESYS_OUT = NULL;
	TPML_PCR_SELECTION sel;
	UINT32 counter;
	int r;

	if (!t || !out)
		return -EINVAL;
	r = vt_pcr_select(&pcr, 1, &sel);
	if (r < 0)
		return r;
	r = vt_rc_errno(t, Esys_PCR_Read(t->esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
					 &sel, &counter, &sel_out, &values));
	if (r < 0)
		return r;
	/* A TPM without a sha256 bank answers with an empty selection. */
	if (values->count == 0)
		return -ENOENT;
	if (values->count != 1 || values->digests[0].size != VT_DIGEST_LEN)
		return -EIO;
	memcpy(out, values->digests[0].buffer, VT_DIGEST_LEN);
	return 0;
}
