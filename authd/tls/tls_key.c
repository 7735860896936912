/* SPDX-License-Identifier: BSD-3-Clause */
/* Our certificate's key. It must be a P-256 point, and a private key
 * given as DER must be the one the certificate certifies:
 * wolfSSL_CTX_check_private_key does not compare ECC keys (Debian's
 * wolfSSL 5.5.4 passes a foreign P-256 key), so the points are compared
 * here, before the first handshake would fail on it. */
#include "tls_local.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <wolfssl/wolfcrypt/asn_public.h>
#include <wolfssl/wolfcrypt/ecc.h>

#include "vt_cert.h"

/* The public point of the private key in der (SEC1 or PKCS#8). */
static int key_point(const struct att_tls_der *der, uint8_t x[32],
		     uint8_t y[32])
{
	word32 idx = 0, x_len = 32, y_len = 32;
	uint8_t *buf;
	ecc_key key;
	int off, r = -EBADMSG;

	/* wc_GetPkcs8TraditionalOffset wants a writable buffer. */
	buf = malloc(der->len);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, der->der, der->len);
	if (wc_ecc_init(&key) != 0) {
		free(buf);
		return -EIO;
	}
	off = wc_GetPkcs8TraditionalOffset(buf, &idx, (word32)der->len);
	idx = off > 0 ? (word32)off : 0;
	if (wc_EccPrivateKeyDecode(buf, &idx, &key, (word32)der->len) != 0)
		goto out;
	if (wc_ecc_get_curve_id(key.idx) != ECC_SECP256R1) {
		r = -EPROTONOSUPPORT;
		goto out;
	}
	if (key.type == ECC_PRIVATEKEY_ONLY && wc_ecc_make_pub(&key, NULL) != 0)
		goto out;
	if (wc_ecc_export_public_raw(&key, x, &x_len, y, &y_len) == 0 &&
	    x_len == 32 && y_len == 32)
		r = 0;
out:
	wc_ecc_free(&key);
	memset(buf, 0, der->len);
	free(buf);
	return r;
}

int tls_key_check(const struct att_tls_cfg *cfg)
{
	uint8_t cx[32], cy[32], kx[32], ky[32];
	int r;

	r = vt_cert_public(cfg->chain[0].der, cfg->chain[0].len, cx, cy);
	if (r < 0 || cfg->sign)
		return r;
	r = key_point(&cfg->key, kx, ky);
	if (r < 0)
		return r;
	return memcmp(cx, kx, 32) || memcmp(cy, ky, 32) ? -EINVAL : 0;
}
