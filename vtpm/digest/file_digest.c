/* SPDX-License-Identifier: BSD-3-Clause */
#include "file_digest.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/sha256.h>

int vg_sha256_fd(int fd, uint8_t out[VG_SHA256_LEN])
{
	uint8_t buf[1 << 16];
	wc_Sha256 sha;
	ssize_t n;
	int r = 0;

	if (wc_InitSha256(&sha) != 0)
		return -EIO;
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
	return r;
}

int vg_sha256_file(const char *path, uint8_t out[VG_SHA256_LEN])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY), r;

	if (fd < 0)
		return -errno;
	r = vg_sha256_fd(fd, out);
	close(fd);
	return r;
}
