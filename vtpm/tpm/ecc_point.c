/* SPDX-License-Identifier: BSD-3-Clause */
/* P-256 points, signature halves and names, between TPM structures and the
 * fixed-size byte arrays of vt_tpm.h. */
#include <errno.h>
#include <string.h>

#include "tpm_internal.h"

int vt_param_out(const TPM2B_ECC_PARAMETER *p, uint8_t out[VT_COORD_LEN])
{
	/* A TPM may drop leading zero bytes. */
	if (p->size > VT_COORD_LEN)
		return -EIO;
	memset(out, 0, VT_COORD_LEN - p->size);
	memcpy(out + VT_COORD_LEN - p->size, p->buffer, p->size);
	return 0;
}

int vt_point_out(const TPM2B_PUBLIC *pub, uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN])
{
	const TPMT_PUBLIC *p = &pub->publicArea;
	int r;

	if (p->type != TPM2_ALG_ECC || p->parameters.eccDetail.curveID != TPM2_ECC_NIST_P256)
		return -EIO;
	r = vt_param_out(&p->unique.ecc.x, x);
	return r < 0 ? r : vt_param_out(&p->unique.ecc.y, y);
}

void vt_point_in(const uint8_t x[VT_COORD_LEN], const uint8_t y[VT_COORD_LEN],
		 TPM2B_PUBLIC *pub)
{
	TPMS_ECC_POINT *u = &pub->publicArea.unique.ecc;

	memcpy(u->x.buffer, x, VT_COORD_LEN);
	u->x.size = VT_COORD_LEN;
	memcpy(u->y.buffer, y, VT_COORD_LEN);
	u->y.size = VT_COORD_LEN;
}

int vt_name_out(struct vt_tpm *t, ESYS_TR tr, uint8_t name[VT_NAME_LEN])
{
	TPM2B_NAME *n VT_ESYS_OUT = NULL;
	int r = vt_rc_errno(t, Esys_TR_GetName(t->esys, tr, &n));

	if (r < 0)
		return r;
	if (n->size != VT_NAME_LEN)
		return -EIO;
	memcpy(name, n->name, VT_NAME_LEN);
	return 0;
}
