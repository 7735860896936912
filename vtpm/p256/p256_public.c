/* SPDX-License-Identifier: BSD-3-Clause */
#include "p256_public.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

/* The field prime p of P-256, big-endian. */
static const uint8_t p256_prime[32] = {
	0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

int vg_p256_public_check(ecc_key *key)
{
	byte x[32], y[32];
	word32 x_len = sizeof(x), y_len = sizeof(y);

	/* wolfSSL's export writes a coordinate longer than the curve's size
	 * out of bounds: lengths first. */
	if (wc_ecc_get_curve_id(key->idx) != ECC_SECP256R1 ||
	    mp_unsigned_bin_size(key->pubkey.x) > 32 ||
	    mp_unsigned_bin_size(key->pubkey.y) > 32 ||
	    wc_ecc_export_public_raw(key, x, &x_len, y, &y_len) != 0 ||
	    x_len != 32 || y_len != 32)
		return -EINVAL;
	/* Coordinates are field elements, reduced modulo p: checked here
	 * rather than left to how the library treats unreduced values. */
	if (memcmp(x, p256_prime, 32) >= 0 || memcmp(y, p256_prime, 32) >= 0)
		return -EINVAL;
	return wc_ecc_point_is_on_curve(&key->pubkey, key->idx) == 0 ? 0 : -EINVAL;
}
