/* SPDX-License-Identifier: BSD-3-Clause */
/* Is this certificate signed by that CA? wolfSSL's certificate manager
 * with the CA certificate as the only trust anchor. */
#include "cert_local.h"

#include <errno.h>
#include <wolfssl/ssl.h>

#include "ecc_tables.h"

static bool der_len_ok(const uint8_t *der, size_t len)
{
	return der && len > 0 && len <= VT_CERT_DER_MAX;
}

/* The errors vt_cert_verify promises, from a wolfSSL error code: anything
 * that is neither malformed input, an expired certificate nor a lack of
 * memory means the certificate is not the CA's. */
static int verify_errno(int wolf_rc)
{
	int r = cert_errno(wolf_rc);

	if (r == -EBADMSG || r == -EKEYEXPIRED || r == -ENOMEM)
		return r;
	return -EKEYREJECTED;
}

int vt_cert_verify(const uint8_t *ca_der, size_t ca_len,
		   const uint8_t *der, size_t len)
{
	WOLFSSL_CERT_MANAGER *cm;
	int r;

	if (!der_len_ok(ca_der, ca_len) || !der_len_ok(der, len))
		return -EINVAL;
	if (cert_wolf_init() < 0)
		return -EIO;
	cm = wolfSSL_CertManagerNew();
	if (!cm)
		return -ENOMEM;
	r = wolfSSL_CertManagerLoadCABuffer(cm, ca_der, (long)ca_len,
					    WOLFSSL_FILETYPE_ASN1);
	vg_ecc_before_verify();
	if (r == WOLFSSL_SUCCESS)
		r = wolfSSL_CertManagerVerifyBuffer(cm, der, (long)len,
						    WOLFSSL_FILETYPE_ASN1);
	wolfSSL_CertManagerFree(cm);
	return r == WOLFSSL_SUCCESS ? 0 : verify_errno(r);
}
