/* SPDX-License-Identifier: BSD-3-Clause */
/* authd's TLS identity: a P-256 key made at start, kept in memory only,
 * certified by the platform CA through vtpmd ("<gateway> authd"). */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/asn_public.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/random.h>

#include "att_tls.h"
#include "authd.h"

#define VTPMD_WAIT_S 30

static int make_key(uint8_t *der, size_t *der_len, uint8_t x[32], uint8_t y[32])
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

int server_identity(struct authd *a)
{
	uint8_t key[256], cert[2048], x[32], y[32];
	size_t key_len = sizeof(key), cert_len = sizeof(cert);
	struct att_tls_cfg cfg = { 0 };
	int r = make_key(key, &key_len, x, y);

	if (r < 0)
		return r;
	/* vtpmd may still be starting: wait for it a while. */
	for (int i = 0; i < VTPMD_WAIT_S * 2; i++) {
		r = vtpmd_server_cert(a, x, y, cert, &cert_len);
		if (r != -ENOENT && r != -ECONNREFUSED)
			break;
		if (i == 0)
			AUTHD_LOG("waiting for vmgate-vtpmd to certify authd's key");
		usleep(500000);
	}
	if (r < 0) {
		explicit_bzero(key, sizeof(key));
		AUTHD_LOG("vmgate-vtpmd did not certify authd's key: %s", strerror(-r));
		return r;
	}
	cfg.ca = (struct att_tls_der){ a->ca_der, a->ca_len };
	cfg.chain[0] = (struct att_tls_der){ cert, cert_len };
	cfg.chain_len = 1;
	cfg.key = (struct att_tls_der){ key, key_len };
	a->tls = att_tls_server_new(&cfg, &r);
	explicit_bzero(key, sizeof(key));
	if (!a->tls)
		AUTHD_LOG("cannot set up TLS: %s", strerror(-r));
	return a->tls ? 0 : r;
}
