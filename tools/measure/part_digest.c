/* SPDX-License-Identifier: BSD-3-Clause */
/* What gets extended for a launch part: the SHA-256 of a file, of a
 * command line, or a digest computed elsewhere. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/hash.h>
#include <wolfssl/wolfcrypt/sha256.h>

#include "hex.h"
#include "measure.h"

int digest_of_file(const char *path, uint8_t out[MEASURE_DIGEST_LEN], char *err,
		   size_t size)
{
	uint8_t buf[65536];
	wc_Sha256 sha;
	int fd = open(path, O_RDONLY | O_CLOEXEC), r = 0;
	ssize_t n;

	if (fd < 0) {
		r = -errno;
		snprintf(err, size, "cannot open '%s': %s", path, strerror(-r));
		return r;
	}
	if (wc_InitSha256(&sha) != 0) {
		close(fd);
		snprintf(err, size, "cannot hash '%s'", path);
		return -EIO;
	}
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || wc_Sha256Update(&sha, buf, (word32)n) != 0) {
			r = n < 0 ? -errno : -EIO;
			break;
		}
	}
	if (r == 0 && wc_Sha256Final(&sha, out) != 0)
		r = -EIO;
	wc_Sha256Free(&sha);
	close(fd);
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
