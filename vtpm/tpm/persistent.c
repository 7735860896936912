/* SPDX-License-Identifier: BSD-3-Clause */
/* Persistent objects: finding one, making one, reading its public part. */
#include <errno.h>

#include "tpm_internal.h"

/* Whether a persistent object exists at handle: 1, 0, or a negative errno. */
static int persistent_exists(struct vt_tpm *t, TPM2_HANDLE handle)
{
	TPMS_CAPABILITY_DATA *cap VT_ESYS_OUT = NULL;
	TPMI_YES_NO more;
	int r = vt_rc_errno(t, Esys_GetCapability(t->esys, ESYS_TR_NONE, ESYS_TR_NONE,
						  ESYS_TR_NONE, TPM2_CAP_HANDLES, handle,
						  1, &more, &cap));

	if (r < 0)
		return r;
	return cap->data.handles.count > 0 && cap->data.handles.handle[0] == handle;
}

int vt_persistent_open(struct vt_tpm *t, TPM2_HANDLE handle, struct vt_handle *out)
{
	int r = persistent_exists(t, handle);

	if (r <= 0)
		return r < 0 ? r : -ENOENT;
	return vt_rc_errno(t, Esys_TR_FromTPMPublic(t->esys, handle, ESYS_TR_NONE,
						    ESYS_TR_NONE, ESYS_TR_NONE, &out->tr));
}

int vt_persist(struct vt_tpm *t, ESYS_TR object, TPM2_HANDLE handle)
{
	VT_PERSISTENT(persisted, t);

	return vt_rc_errno(t, Esys_EvictControl(t->esys, ESYS_TR_RH_OWNER, object,
						ESYS_TR_PASSWORD, ESYS_TR_NONE,
						ESYS_TR_NONE, handle, &persisted.tr));
}

int vt_persistent_public(struct vt_tpm *t, TPM2_HANDLE handle, enum vt_key key,
			 uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN],
			 uint8_t name[VT_NAME_LEN])
{
	TPM2B_PUBLIC *pub VT_ESYS_OUT = NULL;
	VT_PERSISTENT(obj, t);
	int r = vt_persistent_open(t, handle, &obj);

	if (r < 0)
		return r;
	r = vt_rc_errno(t, Esys_ReadPublic(t->esys, obj.tr, ESYS_TR_NONE, ESYS_TR_NONE,
					   ESYS_TR_NONE, &pub, NULL, NULL));
	if (r < 0)
		return r;
	if (!vt_public_is(&pub->publicArea, key))
		return -EEXIST;
	r = vt_point_out(pub, x, y);
	if (r == 0 && name)
		r = vt_name_out(t, obj.tr, name);
	return r;
}
