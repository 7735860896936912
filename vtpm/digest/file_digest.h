/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_FILE_DIGEST_H
#define VG_FILE_DIGEST_H

/* SHA-256 of a file's bytes, streamed (a disk image may be large): what
 * vtpmd extends for the gateway's binaries, what a launch measures, what
 * vmmd compares with those. 0 or a negative errno (-EIO: the hash). */

#include <stdint.h>

#define VG_SHA256_LEN 32

/* Everything fd holds from its current offset. */
int vg_sha256_fd(int fd, uint8_t out[VG_SHA256_LEN]);
/* The file at path. */
int vg_sha256_file(const char *path, uint8_t out[VG_SHA256_LEN]);

#endif
