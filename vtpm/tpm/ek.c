/* SPDX-License-Identifier: BSD-3-Clause */
/* The guest vTPM's endorsement key, persistent at VT_EK_HANDLE. */
#include <errno.h>

#include "tpm_internal.h"

int vt_ek_provision(struct vt_tpm *t, uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN])
{
	TPM2B_PUBLIC *pub VT_ESYS_OUT = NULL;
	VT_LOADED(ek, t);
	int r;

	if (!t || !x || !y)
		return -EINVAL;
	r = vt_persistent_public(t, VT_EK_HANDLE, VT_KEY_EK, x, y, NULL);
	if (r != -ENOENT)
		return r;
	/* The EK is a primary key: the same endorsement seed gives it again
	 * if it is ever evicted. */
	r = vt_primary_create(t, VT_KEY_EK, &ek, &pub);
	if (r == 0)
		r = vt_persist(t, ek.tr, VT_EK_HANDLE);
	return r < 0 ? r : vt_point_out(pub, x, y);
}

int vt_ek_public(struct vt_tpm *t, uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN],
		 uint8_t name[VT_NAME_LEN])
{
	if (!t || !x || !y)
		return -EINVAL;
	return vt_persistent_public(t, VT_EK_HANDLE, VT_KEY_EK, x, y, name);
}
