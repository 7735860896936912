/* SPDX-License-Identifier: BSD-3-Clause */
/* The file format of sealed secrets (see seal_blob.h). */
#include <errno.h>
#include <string.h>
#include <tss2_mu.h>

#include "seal_blob.h"

#define HDR_LEN 8
#define VERSION 1
static const uint8_t magic[4] = { 'V', 'G', 'S', 'L' };

int vt_seal_blob_write(uint32_t pcr, const TPM2B_PUBLIC *pub, const TPM2B_PRIVATE *priv,
		       struct vt_blob *out)
{
	size_t off = HDR_LEN;

	memset(out, 0, sizeof(*out));
	memcpy(out->data, magic, sizeof(magic));
	out->data[4] = VERSION;
	out->data[5] = (uint8_t)pcr;
	if (Tss2_MU_TPM2B_PUBLIC_Marshal(pub, out->data, VT_BLOB_MAX, &off) ||
	    Tss2_MU_TPM2B_PRIVATE_Marshal(priv, out->data, VT_BLOB_MAX, &off)) {
		memset(out, 0, sizeof(*out));
		return -ENOSPC;
	}
	out->len = off;
	return 0;
}

/* The size prefix of the TPM2B at off, if it and its bytes fit in len. */
static int tpm2b_size(const uint8_t *buf, size_t len, size_t off, size_t *size)
{
	if (len - off < 2)
		return -EBADMSG;
	*size = (size_t)buf[off] << 8 | buf[off + 1];
	return *size == 0 || *size > len - off - 2 ? -EBADMSG : 0;
}

/* Whether a public area has the shape vt_seal() gives sealed objects. */
static bool is_sealed_object(const TPMT_PUBLIC *p)
{
	TPM2B_DIGEST policy = { .size = VT_DIGEST_LEN };
	TPM2B_PUBLIC want;

	vt_template_sealed(&policy, &want);
	return p->type == want.publicArea.type && p->nameAlg == want.publicArea.nameAlg &&
	       p->objectAttributes == want.publicArea.objectAttributes &&
	       p->authPolicy.size == VT_DIGEST_LEN &&
	       p->parameters.keyedHashDetail.scheme.scheme == TPM2_ALG_NULL;
}

int vt_seal_blob_read(const struct vt_blob *b, uint32_t *pcr, TPM2B_PUBLIC *pub,
		      TPM2B_PRIVATE *priv)
{
	size_t off = HDR_LEN, start, size;

	memset(pub, 0, sizeof(*pub));
	memset(priv, 0, sizeof(*priv));
	if (b->len < HDR_LEN || b->len > VT_BLOB_MAX ||
	    memcmp(b->data, magic, sizeof(magic)) != 0 || b->data[4] != VERSION ||
	    b->data[5] >= VT_PCR_COUNT || b->data[6] != 0 || b->data[7] != 0)
		return -EBADMSG;
	*pcr = b->data[5];

	start = off;
	if (tpm2b_size(b->data, b->len, off, &size) < 0 ||
	    Tss2_MU_TPM2B_PUBLIC_Unmarshal(b->data, b->len, &off, pub) != TSS2_RC_SUCCESS ||
	    off - start != size + 2 || !is_sealed_object(&pub->publicArea))
		return -EBADMSG;

	start = off;
	if (tpm2b_size(b->data, b->len, off, &size) < 0 || size > sizeof(priv->buffer) ||
	    Tss2_MU_TPM2B_PRIVATE_Unmarshal(b->data, b->len, &off, priv) != TSS2_RC_SUCCESS ||
	    off - start != size + 2 || off != b->len)
		return -EBADMSG;
	return 0;
}
