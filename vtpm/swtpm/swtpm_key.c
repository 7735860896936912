/* SPDX-License-Identifier: BSD-3-Clause */
/* The state key goes to swtpm through a pipe, written whole before the
 * child starts: it never touches a file or a command line. */
#include "swtpm_local.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int swtpm_key_pipe(const uint8_t key[VT_SWTPM_KEY_LEN], bool hex)
{
	static const char digits[] = "0123456789abcdef";
	uint8_t buf[2 * VT_SWTPM_KEY_LEN];
	size_t len = hex ? 2 * VT_SWTPM_KEY_LEN : VT_SWTPM_KEY_LEN;
	ssize_t n;
	int p[2], r = 0;

	if (hex) {
		for (size_t i = 0; i < VT_SWTPM_KEY_LEN; i++) {
			buf[2 * i] = (uint8_t)digits[key[i] >> 4];
			buf[2 * i + 1] = (uint8_t)digits[key[i] & 15];
		}
	} else {
		memcpy(buf, key, VT_SWTPM_KEY_LEN);
	}
	if (pipe2(p, O_CLOEXEC) < 0) {
		r = -errno;
		goto out;
	}
	/* A pipe holds at least 4 KiB: this never blocks. */
	do {
		n = write(p[1], buf, len);
	} while (n < 0 && errno == EINTR);
	if (n != (ssize_t)len) {
		r = n < 0 ? -errno : -EIO;
		close(p[0]);
	}
	close(p[1]);
out:
	explicit_bzero(buf, sizeof(buf));
	return r < 0 ? r : p[0];
}
