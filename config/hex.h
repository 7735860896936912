/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_HEX_H
#define VG_HEX_H

/* Hex text, as policies write digests and binary patterns. */

#include <stddef.h>
#include <stdint.h>

/* The value of one hex digit (either case), or -1. */
int vg_hex_nibble(char c);

/* Decodes hex (an even number of digits, nothing else) into out, which
 * holds size bytes. Returns the number of bytes, or -EINVAL when hex is
 * malformed or longer than out. */
int vg_hex_decode(const char *hex, uint8_t *out, size_t size);

/* Writes 2 * len lowercase digits and a NUL into out (2 * len + 1 bytes). */
void vg_hex_encode(const uint8_t *bytes, size_t len, char *out);

#endif
