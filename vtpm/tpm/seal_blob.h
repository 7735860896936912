/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VT_SEAL_BLOB_H
#define VT_SEAL_BLOB_H

/*
 * The bytes of a sealed secret, as vt_seal() hands them out:
 *
 *   offset 0  "VGSL"         magic
 *          4  1              version
 *          5  pcr            the sha256 PCR of the policy
 *          6  0 0            reserved
 *          8  TPM2B_PUBLIC   the sealed object's public area (marshalled)
 *          .  TPM2B_PRIVATE  its private area, encrypted by the SRK, to the end
 *
 * The header is not protected: a blob naming another PCR fails the policy.
 * The TPM checks the private area's integrity (bound to the public area)
 * when it loads it.
 */

#include "tpm_internal.h"

/* Writes a blob: 0, or -ENOSPC when it does not fit in VT_BLOB_MAX. */
int vt_seal_blob_write(uint32_t pcr, const TPM2B_PUBLIC *pub, const TPM2B_PRIVATE *priv,
		       struct vt_blob *out);

/* Reads a blob, checking every length before use and the public area's
 * shape: 0, or -EBADMSG when it is truncated, too long or not a sealed
 * object of ours. */
int vt_seal_blob_read(const struct vt_blob *b, uint32_t *pcr, TPM2B_PUBLIC *pub,
		      TPM2B_PRIVATE *priv);

#endif
