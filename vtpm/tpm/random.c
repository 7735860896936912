/* SPDX-License-Identifier: BSD-3-Clause */
/* Random bytes from the TPM's generator. */
#include <errno.h>
#include <string.h>

#include "tpm_internal.h"

int vt_random(struct vt_tpm *t, uint8_t *buf, size_t len)
{
	VT_LOADED(srk, t);
	VT_LOADED(enc, t);
	int r;

	if (!t || (!buf && len))
		return -EINVAL;
	if (len == 0)
		return 0;
	/* The bytes may become keys: they come back encrypted, by a session
	 * salted with the SRK. */
	r = vt_primary_create(t, VT_KEY_SRK, &srk, NULL);
	if (r == 0)
		r = vt_session_start(t, TPM2_SE_HMAC, srk.tr, TPMA_SESSION_ENCRYPT, &enc);
	/* A TPM returns at most one digest's worth per call. */
	while (r == 0 && len > 0) {
		TPM2B_DIGEST *rnd __attribute__((cleanup(vt_esys_free_digest))) = NULL;
		UINT16 want = len > 32 ? 32 : (UINT16)len;

		r = vt_rc_errno(t, Esys_GetRandom(t->esys, enc.tr, ESYS_TR_NONE, ESYS_TR_NONE,
						  want, &rnd));
		if (r == 0 && (rnd->size == 0 || rnd->size > want))
			r = -EIO;
		if (r < 0)
			break;
		memcpy(buf, rnd->buffer, rnd->size);
		buf += rnd->size;
		len -= rnd->size;
	}
	return r;
}
