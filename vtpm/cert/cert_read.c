/* SPDX-License-Identifier: BSD-3-Clause */
/* What a certificate says: its P-256 point and its subject's CN. The
 * input may come from anywhere: lengths are checked before wolfSSL sees
 * it, and wolfSSL parses it whole before anything is read. */
#include "cert_local.h"

#include <errno.h>
#include <string.h>
#include <wolfssl/ssl.h>
#include <wolfssl/wolfcrypt/asn_public.h>

#include "p256_public.h"

/* The parsed certificate, or NULL when der is none. */
static WOLFSSL_X509 *cert_parse(const uint8_t *der, size_t len)
{
	if (!der || len == 0 || len > VT_CERT_DER_MAX || cert_wolf_init() < 0)
		return NULL;
	return wolfSSL_X509_load_certificate_buffer(der, (int)len,
						    WOLFSSL_FILETYPE_ASN1);
}

/* SubjectPublicKeyInfo of a P-256 key: an uncompressed point is 91 bytes,
 * anything bigger is another key type. */
#define SPKI_MAX 160

int vt_cert_public(const uint8_t *der, size_t len, uint8_t x[32],
		   uint8_t y[32])
{
	WOLFSSL_X509 *cert = cert_parse(der, len);
	uint8_t spki[SPKI_MAX], qx[32], qy[32];
	word32 idx = 0, qx_len = sizeof(qx), qy_len = sizeof(qy);
	int spki_len = sizeof(spki), r = -EBADMSG;
	ecc_key key;

	if (!cert)
		return -EBADMSG;
	if (wolfSSL_X509_get_pubkey_type(cert) != ECDSAk) {
		wolfSSL_X509_free(cert);
		return -EPROTONOSUPPORT;
	}
	if (wolfSSL_X509_get_pubkey_buffer(cert, spki, &spki_len) != WOLFSSL_SUCCESS) {
		wolfSSL_X509_free(cert);
		return -EBADMSG;
	}
	wolfSSL_X509_free(cert);
	if (wc_ecc_init(&key) != 0)
		return -EIO;
	if (wc_EccPublicKeyDecode(spki, &idx, &key, (word32)spki_len) != 0)
		goto out;
	if (wc_ecc_get_curve_id(key.idx) != ECC_SECP256R1) {
		r = -EPROTONOSUPPORT;
		goto out;
	}
	if (vg_p256_public_check(&key) != 0 ||
	    wc_ecc_export_public_raw(&key, qx, &qx_len, qy, &qy_len) != 0 ||
	    qx_len != 32 || qy_len != 32)
		goto out;
	memcpy(x, qx, 32);
	memcpy(y, qy, 32);
	r = 0;
out:
	wc_ecc_free(&key);
	return r;
}

int vt_cert_subject_cn(const uint8_t *der, size_t len, char *cn, size_t size)
{
	WOLFSSL_X509 *cert = cert_parse(der, len);
	char text[VT_CERT_CN_MAX + 2];
	int n = -1;

	if (!cert)
		return -EBADMSG;
	/* One byte more than a valid CN holds: a longer one shows as such. */
	n = wolfSSL_X509_NAME_get_text_by_NID(wolfSSL_X509_get_subject_name(cert),
					      NID_commonName, text, sizeof(text));
	wolfSSL_X509_free(cert);
	if (n <= 0 || (size_t)n >= sizeof(text) || strlen(text) != (size_t)n ||
	    !vt_cert_cn_valid(text))
		return -EBADMSG;
	if ((size_t)n >= size)
		return -ENOSPC;
	memcpy(cn, text, (size_t)n + 1);
	return n;
}
