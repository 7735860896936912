/* SPDX-License-Identifier: BSD-3-Clause */
/* PEM, as ca.pem and operators' tools want certificates. */
#include "cert_local.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <wolfssl/wolfcrypt/asn_public.h>

int vt_cert_to_pem(const uint8_t *der, size_t len, char *pem, size_t size)
{
	uint8_t buf[VT_CERT_PEM_MAX];
	int n;

	if (!der || len == 0 || len > VT_CERT_DER_MAX || !pem || size == 0)
		return -EINVAL;
	n = wc_DerToPem(der, (word32)len, buf, sizeof(buf), CERT_TYPE);
	if (n <= 0)
		return -EINVAL;
	if ((size_t)n >= size)
		return -ENOSPC;
	memcpy(pem, buf, (size_t)n);
	pem[n] = '\0';
	return n;
}

int vt_cert_from_pem(const char *pem, size_t pem_len, uint8_t *der,
		     size_t size)
{
	uint8_t buf[VT_CERT_DER_MAX];
	int n;

	if (!pem || pem_len == 0 || pem_len > INT_MAX || !der)
		return -EINVAL;
	if (cert_wolf_init() < 0)
		return -EIO;
	n = wc_CertPemToDer((const unsigned char *)pem, (int)pem_len, buf,
			    sizeof(buf), CERT_TYPE);
	if (n <= 0)     /* BUFFER_E too: larger than any certificate here */
		return -EBADMSG;
	if ((size_t)n > size)
		return -ENOSPC;
	memcpy(der, buf, (size_t)n);
	return n;
}
