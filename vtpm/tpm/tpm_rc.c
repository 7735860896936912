/* SPDX-License-Identifier: BSD-3-Clause */
/* TPM and tpm2-tss response codes, turned into the errnos of vt_tpm.h. */
#include <errno.h>

#include "tpm_internal.h"

TSS2_RC vt_rc_base(TSS2_RC rc)
{
	if ((rc & TSS2_RC_LAYER_MASK) != TSS2_TPM_RC_LAYER)
		return rc;
	if (rc & TPM2_RC_FMT1)
		return rc & (TPM2_RC_FMT1 | 0x3f);
	return rc & 0xfff;
}

/* The errno of a TPM response code (layer 0). */
static int tpm_errno(TSS2_RC base)
{
	switch (base) {
	case TPM2_RC_OBJECT_MEMORY:
	case TPM2_RC_SESSION_MEMORY:
	case TPM2_RC_MEMORY:
	case TPM2_RC_SESSION_HANDLES:
	case TPM2_RC_OBJECT_HANDLES:
		return -ENOSPC;
	case TPM2_RC_RETRY:
	case TPM2_RC_YIELDED:
	case TPM2_RC_TESTING:
	case TPM2_RC_NV_RATE:
	case TPM2_RC_NV_UNAVAILABLE:
		return -EAGAIN;
	case TPM2_RC_LOCKOUT:
		return -EBUSY;
	case TPM2_RC_LOCALITY:
		return -EPERM;
	case TPM2_RC_POLICY_FAIL:
	case TPM2_RC_POLICY_CC:
	case TPM2_RC_PCR_CHANGED:
	case TPM2_RC_AUTH_FAIL:
	case TPM2_RC_BAD_AUTH:
	case TPM2_RC_AUTH_UNAVAILABLE:
		return -EACCES;
	case TPM2_RC_INTEGRITY:
		return -EBADMSG;
	default:
		return -EIO;
	}
}

int vt_rc_errno(struct vt_tpm *t, TSS2_RC rc)
{
	if (rc == TSS2_RC_SUCCESS)
		return 0;
	if (t)
		t->last_rc = rc;
	if ((rc & TSS2_RC_LAYER_MASK) == TSS2_TPM_RC_LAYER)
		return tpm_errno(vt_rc_base(rc));
	switch (rc & ~TSS2_RC_LAYER_MASK) {
	case TSS2_BASE_RC_MEMORY:
		return -ENOMEM;
	case TSS2_BASE_RC_BAD_VALUE:
	case TSS2_BASE_RC_BAD_REFERENCE:
		return -EINVAL;
	case TSS2_BASE_RC_TRY_AGAIN:
		return -EAGAIN;
	default:
		return -EIO;
	}
}
