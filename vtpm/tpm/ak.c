/* SPDX-License-Identifier: BSD-3-Clause */
/* The guest vTPM's attestation key, persistent at VT_AK_HANDLE. */
#include <errno.h>

#include "tpm_internal.h"

/* Creates an AK under the SRK and loads it into *ak; its public area into
 * *pub (free with Esys_Free). */
static int ak_create(struct vt_tpm *t, struct vt_handle *ak, TPM2B_PUBLIC **pub)
{
	const TPM2B_SENSITIVE_CREATE no_auth = { 0 };
	const TPML_PCR_SELECTION no_pcrs = { 0 };
	const TPM2B_DATA no_info = { 0 };
	TPM2B_PRIVATE *priv VT_ESYS_OUT = NULL;
	TPM2B_PUBLIC template;
	VT_LOADED(srk, t);
	int r;

	vt_template(VT_KEY_GUEST_AK, &template, NULL);
	r = vt_primary_create(t, VT_KEY_SRK, &srk, NULL);
	if (r < 0)
		return r;
	r = vt_rc_errno(t, Esys_Create(t->esys, srk.tr, ESYS_TR_PASSWORD, ESYS_TR_NONE,
				       ESYS_TR_NONE, &no_auth, &template, &no_info,
				       &no_pcrs, &priv, pub, NULL, NULL, NULL));
	if (r < 0)
		return r;
	return vt_rc_errno(t, Esys_Load(t->esys, srk.tr, ESYS_TR_PASSWORD, ESYS_TR_NONE,
					ESYS_TR_NONE, priv, *pub, &ak->tr));
}

int vt_ak_provision(struct vt_tpm *t, uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN],
		    uint8_t name[VT_NAME_LEN])
{
	TPM2B_PUBLIC *pub VT_ESYS_OUT = NULL;
	VT_LOADED(ak, t);
	int r;

	if (!t || !x || !y || !name)
		return -EINVAL;
	r = vt_persistent_public(t, VT_AK_HANDLE, VT_KEY_GUEST_AK, x, y, name);
	if (r != -ENOENT)
		return r;
	r = ak_create(t, &ak, &pub);
	if (r == 0)
		r = vt_name_out(t, ak.tr, name);
	if (r == 0)
		r = vt_persist(t, ak.tr, VT_AK_HANDLE);
	return r < 0 ? r : vt_point_out(pub, x, y);
}

int vt_ak_public(struct vt_tpm *t, uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN],
		 uint8_t name[VT_NAME_LEN])
{
	if (!t || !x || !y)
		return -EINVAL;
	return vt_persistent_public(t, VT_AK_HANDLE, VT_KEY_GUEST_AK, x, y, name);
}
