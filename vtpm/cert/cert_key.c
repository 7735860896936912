/* SPDX-License-Identifier: BSD-3-Clause */
/* A fresh P-256 key for a daemon's certificate, kept in memory only. */
#include "cert_local.h"

#include <errno.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/asn_public.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/random.h>

int vt_cert_new_key(uint8_t *der, size_t *der_len, uint8_t x[32], uint8_t y[32])
{
	WC_RNG rng;
	ecc_key key;
	word32 xl = 32, yl = 32;
	int n, r = -EIO;

	if (wc_InitRng(&rng) != 0)
		return -EIO;
	if (wc_ecc_init(&key) != 0) {
		wc_FreeRng(&rng);
		return -EIO;
	}
	if (wc_ecc_make_key_ex(&rng, 32, &key, ECC_SECP256R1) == 0 &&
	    wc_ecc_export_public_raw(&key, x, &xl, y, &yl) == 0 && xl == 32 && yl == 32 &&
	    (n = wc_EccKeyToDer(&key, der, (word32)*der_len)) > 0) {
		*der_len = (size_t)n;
		r = 0;
	}
	wc_ecc_free(&key);
	wc_FreeRng(&rng);
	return r;
}
