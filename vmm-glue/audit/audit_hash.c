/* SPDX-License-Identifier: BSD-3-Clause */
/* An entry's hash: SHA-256 (wolfCrypt) over its content, in hex. */
#include <errno.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/sha256.h>

#include "audit_local.h"

int audit_content_hash(const char *content, size_t len,
		       char out[VG_AUDIT_HASH_HEX + 1])
{
	static const char hex[] = "0123456789abcdef";
	uint8_t digest[WC_SHA256_DIGEST_SIZE];
	wc_Sha256 sha;
	int ret;

	if (len > VG_AUDIT_LINE_MAX)
		return -EIO;
	ret = wc_InitSha256(&sha);
	/* The content hashed is the line with its hash field cut off and the
	 * object closed again: a JSON object of the other fields. */
	if (ret == 0)
		ret = wc_Sha256Update(&sha, (const byte *)content, (word32)len);
	if (ret == 0)
		ret = wc_Sha256Update(&sha, (const byte *)"}", 1);
	if (ret == 0)
		ret = wc_Sha256Final(&sha, digest);
	wc_Sha256Free(&sha);
	if (ret != 0)
		return -EIO;
	for (size_t i = 0; i < sizeof(digest); i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[VG_AUDIT_HASH_HEX] = '\0';
	return 0;
}
