/* SPDX-License-Identifier: BSD-3-Clause */
/* What gets extended for a launch part: the SHA-256 of a file, of a
 * command line, or a digest computed elsewhere. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/hash.h>
#include <wolfssl/wolfcrypt/sha256.h>

#include "file_digest.h"
#include "hex.h"
#include "measure.h"

int digest_of_file(const char *path, uint8_t out[MEASURE_DIGEST_LEN], char *err,
		   size_t size)
{
	int r = vg_sha256_file(path, out);

	if (r < 0)
		snprintf(err, size, "cannot read '%s': %s", path, strerror(-r));
	return r;
}

int digest_of_hex(const char *hex, uint8_t out[MEASURE_DIGEST_LEN], char *err,
		  size_t size)
{
	if (strlen(hex) != 2 * MEASURE_DIGEST_LEN ||
	    vg_hex_decode(hex, out, MEASURE_DIGEST_LEN) != MEASURE_DIGEST_LEN) {
		snprintf(err, size, "'%s' is not a SHA-256 digest (64 hex digits)", hex);
		return -EINVAL;
	}
	return 0;
}

int digest_of_text(const char *text, uint8_t out[MEASURE_DIGEST_LEN], char *err,
		   size_t size)
{
	if (wc_Sha256Hash((const byte *)text, (word32)strlen(text), out) != 0) {
		snprintf(err, size, "cannot hash the text");
		return -EIO;
	}
	return 0;
}
