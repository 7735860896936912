/* SPDX-License-Identifier: BSD-3-Clause */
/* The platform CA key of the root TPM: derived again for every use (the
 * same key each time), used, and flushed; only its signatures leave. */
#include <errno.h>
#include <string.h>

#include "tpm_internal.h"

int vt_ca_public(struct vt_tpm *t, uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN])
{
	TPM2B_PUBLIC *pub VT_ESYS_OUT = NULL;
	VT_LOADED(ca, t);
	int r;

	if (!t || !x || !y)
		return -EINVAL;
	r = vt_primary_create(t, VT_KEY_CA, &ca, &pub);
	return r < 0 ? r : vt_point_out(pub, x, y);
}

int vt_ca_sign(struct vt_tpm *t, const uint8_t digest[VT_DIGEST_LEN],
	       uint8_t r_out[VT_COORD_LEN], uint8_t s_out[VT_COORD_LEN])
{
	VT_LOADED(ca, t);
	int r;

	if (!t || !digest || !r_out || !s_out)
		return -EINVAL;
	r = vt_primary_create(t, VT_KEY_CA, &ca, NULL);
	if (r < 0)
		return r;
	return vt_sign_digest(t, ca.tr, digest, r_out, s_out);
}
