/* SPDX-License-Identifier: BSD-3-Clause */
/* Our CertificateVerify signature when the private key is not in this
 * process (the agent's key is in its TPM): wolfSSL's ECC sign PK callback
 * hands the digest to the configured sign function and encodes its r and
 * s as the DER signature TLS carries. */
#include "tls_local.h"

#include <errno.h>
#include <string.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/error-crypt.h>

int tls_ecc_sign(WOLFSSL *ssl, const unsigned char *in, unsigned int in_len,
		 unsigned char *out, word32 *out_len, const unsigned char *key,
		 unsigned int key_len, void *ctx)
{
	struct att_tls_sess *s = ctx;
	uint8_t r[32], sv[32];
	int rc;

	(void)ssl;
	(void)key;
	(void)key_len;
	if (!s || !s->ctx->sign)
		return BAD_FUNC_ARG;
	rc = s->ctx->sign(s->ctx->sign_ctx, in, in_len, r, sv);
	if (rc != 0) {
		s->sign_err = rc < 0 ? rc : -EIO;
		return WC_HW_E;
	}
	rc = wc_ecc_rs_raw_to_sig(r, sizeof(r), sv, sizeof(sv), out, out_len);
	memset(r, 0, sizeof(r));
	memset(sv, 0, sizeof(sv));
	return rc;
}
