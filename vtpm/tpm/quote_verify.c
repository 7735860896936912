/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Verifying a quote without a TPM. Every byte of the quote comes from the
 * party being attested: the signature is checked over the raw bytes before
 * they are parsed, and every length before it is used.
 */
#include <errno.h>
#include <string.h>
#include <tss2_mu.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/hash.h>
#include <wolfssl/wolfcrypt/sha256.h>

#include "tpm_internal.h"

/* Parses attest into *a: -EBADMSG unless it is exactly one TPMS_ATTEST
 * of a quote, made by a TPM. */
static int attest_parse(const struct vt_quote *q, TPMS_ATTEST *a)
{
	size_t off = 0;

	if (Tss2_MU_TPMS_ATTEST_Unmarshal(q->attest, q->attest_len, &off, a) !=
	    TSS2_RC_SUCCESS || off != q->attest_len)
		return -EBADMSG;
	if (a->magic != TPM2_GENERATED_VALUE || a->type != TPM2_ST_ATTEST_QUOTE)
		return -EBADMSG;
	return 0;
}

/* Whether the quote selects exactly the PCRs of want, in the sha256 bank
 * and no other. */
static bool selection_is(const TPML_PCR_SELECTION *got, const TPML_PCR_SELECTION *want)
{
	const TPMS_PCR_SELECTION *g = &got->pcrSelections[0];
	const TPMS_PCR_SELECTION *w = &want->pcrSelections[0];

	if (got->count != 1 || g->hash != TPM2_ALG_SHA256 ||
	    g->sizeofSelect > TPM2_PCR_SELECT_MAX)
		return false;
	for (size_t i = 0; i < TPM2_PCR_SELECT_MAX; i++) {
		uint8_t gb = i < g->sizeofSelect ? g->pcrSelect[i] : 0;
		uint8_t wb = i < w->sizeofSelect ? w->pcrSelect[i] : 0;

		if (gb != wb)
			return false;
	}
	return true;
}

/* The digest a TPM quotes for these PCR values: SHA-256 over the values in
 * ascending PCR order, whatever order the caller listed them in. */
static int pcr_digest(const uint32_t *pcrs, size_t n,
		      const uint8_t (*values)[VT_DIGEST_LEN], uint8_t out[VT_DIGEST_LEN])
{
	wc_Sha256 sha;
	int ret = wc_InitSha256(&sha);

	for (uint32_t pcr = 0; ret == 0 && pcr < VT_PCR_COUNT; pcr++)
		for (size_t i = 0; ret == 0 && i < n; i++)
			if (pcrs[i] == pcr)
				ret = wc_Sha256Update(&sha, values[i], VT_DIGEST_LEN);
	if (ret == 0)
		ret = wc_Sha256Final(&sha, out);
	wc_Sha256Free(&sha);
	return ret == 0 ? 0 : -EIO;
}

int vt_quote_verify(const uint8_t ak_x[VT_COORD_LEN], const uint8_t ak_y[VT_COORD_LEN],
		    const struct vt_quote *q, const uint8_t *qualifying, size_t qlen,
		    const uint32_t *pcrs, size_t n,
		    const uint8_t (*pcr_values)[VT_DIGEST_LEN])
{
	const TPMS_QUOTE_INFO *quote;
	uint8_t digest[VT_DIGEST_LEN];
	TPML_PCR_SELECTION want;
	TPMS_ATTEST a;
	int r;

	if (!ak_x || !ak_y || !q || !pcr_values || qlen > VT_NONCE_MAX ||
	    (qlen && !qualifying))
		return -EINVAL;
	r = vt_pcr_select(pcrs, n, &want);
	if (r < 0)
		return r;
	if (q->attest_len == 0 || q->attest_len > VT_ATTEST_MAX)
		return -EBADMSG;

	if (wc_Sha256Hash(q->attest, (word32)q->attest_len, digest) != 0)
		return -EIO;
	r = vt_ecdsa_verify(ak_x, ak_y, digest, q->r, q->s);
	if (r < 0)
		return r;

	r = attest_parse(q, &a);
	if (r < 0)
		return r;
	if (a.extraData.size != qlen || (qlen && memcmp(a.extraData.buffer, qualifying, qlen)))
		return -ESTALE;
	quote = &a.attested.quote;
	if (!selection_is(&quote->pcrSelect, &want))
		return -ERANGE;
	r = pcr_digest(pcrs, n, pcr_values, digest);
	if (r < 0)
		return r;
	if (quote->pcrDigest.size != VT_DIGEST_LEN ||
	    memcmp(quote->pcrDigest.buffer, digest, VT_DIGEST_LEN) != 0)
		return -EPERM;
	return 0;
}
