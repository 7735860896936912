/* SPDX-License-Identifier: BSD-3-Clause */
/* Scope-bound release of what a function loaded or received from ESAPI:
 * the TPM has no resource manager, so a leaked object is a lost slot. */
#include <stdlib.h>
#include <string.h>

#include "tpm_internal.h"

void vt_handle_flush(struct vt_handle *h)
{
	if (h->tr != ESYS_TR_NONE)
		Esys_FlushContext(h->esys, h->tr);
	h->tr = ESYS_TR_NONE;
}

void vt_handle_close(struct vt_handle *h)
{
	if (h->tr != ESYS_TR_NONE)
		Esys_TR_Close(h->esys, &h->tr);
	h->tr = ESYS_TR_NONE;
}

void vt_esys_free(void *pp)
{
	Esys_Free(*(void **)pp);
}

void vt_esys_free_sensitive(TPM2B_SENSITIVE_DATA **pp)
{
	if (*pp)
		explicit_bzero(*pp, sizeof(**pp));
	Esys_Free(*pp);
}

void vt_esys_free_digest(TPM2B_DIGEST **pp)
{
	if (*pp)
		explicit_bzero(*pp, sizeof(**pp));
	Esys_Free(*pp);
}
