/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_MEASURE_H
#define VG_MEASURE_H

/* vmgate-measure: the SHA-256 of a launch part, from where the command
 * line says it is. 0 or a negative errno, with a message in err (size
 * bytes) on failure. */

#include <stddef.h>
#include <stdint.h>

#define MEASURE_DIGEST_LEN 32

/* SHA-256 of the contents of the file at path. */
int digest_of_file(const char *path, uint8_t out[MEASURE_DIGEST_LEN], char *err,
		   size_t size);

/* A digest given as 64 hex digits. */
int digest_of_hex(const char *hex, uint8_t out[MEASURE_DIGEST_LEN], char *err,
		  size_t size);

/* SHA-256 of a string's bytes, without its NUL (a kernel command line). */
int digest_of_text(const char *text, uint8_t out[MEASURE_DIGEST_LEN], char *err,
		   size_t size);

#endif
