/* SPDX-License-Identifier: BSD-3-Clause */
/* Deriving a primary key from its hierarchy's seed and fixed template. */
#include "tpm_internal.h"

int vt_primary_create(struct vt_tpm *t, enum vt_key key, struct vt_handle *out,
		      TPM2B_PUBLIC **pub)
{
	const TPM2B_SENSITIVE_CREATE sensitive = { 0 };
	const TPML_PCR_SELECTION no_pcrs = { 0 };
	const TPM2B_DATA no_info = { 0 };
	TPM2B_PUBLIC template;
	ESYS_TR hierarchy;

	vt_template(key, &template, &hierarchy);
	return vt_rc_errno(t, Esys_CreatePrimary(t->esys, hierarchy, ESYS_TR_PASSWORD,
						 ESYS_TR_NONE, ESYS_TR_NONE, &sensitive,
						 &template, &no_info, &no_pcrs, &out->tr,
						 pub, NULL, NULL, NULL));
}
