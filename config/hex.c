/* SPDX-License-Identifier: BSD-3-Clause */
#include "hex.h"

#include <errno.h>
#include <string.h>

int vg_hex_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int vg_hex_decode(const char *hex, uint8_t *out, size_t size)
{
	size_t len = strlen(hex);

	if (len % 2 || len / 2 > size || len / 2 > (size_t)INT32_MAX)
		return -EINVAL;
	for (size_t i = 0; i < len / 2; i++) {
		int hi = vg_hex_nibble(hex[2 * i]), lo = vg_hex_nibble(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return (int)(len / 2);
}

void vg_hex_encode(const uint8_t *bytes, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[bytes[i] >> 4];
		out[2 * i + 1] = digits[bytes[i] & 0xf];
	}
	out[2 * len] = '\0';
}
