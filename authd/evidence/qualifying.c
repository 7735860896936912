/* SPDX-License-Identifier: BSD-3-Clause */
/* What binds a quote to one verifier's request and one TLS session. */
#include <errno.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/sha256.h>

#include "evidence.h"

int evidence_qualifying(const uint8_t nonce[EVIDENCE_NONCE_LEN],
			const uint8_t exporter[EVIDENCE_EXPORTER_LEN],
			uint8_t out[VT_DIGEST_LEN])
{
	wc_Sha256 sha;
	int ret;

	if (!nonce || !exporter || !out)
		return -EINVAL;
	ret = wc_InitSha256(&sha);
	if (ret == 0)
		ret = wc_Sha256Update(&sha, nonce, EVIDENCE_NONCE_LEN);
	if (ret == 0)
		ret = wc_Sha256Update(&sha, exporter, EVIDENCE_EXPORTER_LEN);
	if (ret == 0)
		ret = wc_Sha256Final(&sha, out);
	wc_Sha256Free(&sha);
	return ret == 0 ? 0 : -EIO;
}

size_t evidence_mask_pcrs(uint32_t mask, uint32_t pcrs[VT_PCR_COUNT])
{
	size_t n = 0;

	for (uint32_t i = 0; i < VT_PCR_COUNT; i++)
		if (mask & (1u << i))
			pcrs[n++] = i;
	return n;
}
