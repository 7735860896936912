/* SPDX-License-Identifier: BSD-3-Clause */
/* The attestation service (vmgate-authd) asking to restart a guest whose
 * attestation failed. It is known by a certificate the platform CA issued
 * through vtpmd -- whose socket only root and vtpmd's user reach -- for a
 * fresh key authd holds in memory, to "<gateway> attestation", for TLS
 * clients. Guests' agents hold certificates of the same CA, but to their
 * guest's name (no spaces), and the daemons' own are for TLS servers: no
 * other certificate of that CA passes all three checks. */
#include <errno.h>
#include <string.h>

#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/openssl/x509v3.h>

#include "ctl_proto.h"
#include "vmmd.h"

/* Whether der's extKeyUsage names clientAuth. */
static bool client_usage(const uint8_t *der, size_t len)
{
	WOLFSSL_X509 *x = wolfSSL_X509_d2i(NULL, der, (int)len);
	bool ok = x && (wolfSSL_X509_get_extended_key_usage(x) & XKU_SSL_CLIENT);

	wolfSSL_X509_free(x);
	return ok;
}

int attest_service_check(const struct vmmd *d, const uint8_t *der, size_t len,
			 char *actor, size_t size)
{
	char cn[VT_CERT_CN_MAX + 1], want[VT_CERT_CN_MAX + 2];
	int r;

	if (!d->ca_len)
		return -EKEYREJECTED;
	r = vt_cert_verify(d->ca_der, d->ca_len, der, len);
	if (r < 0)
		return r;
	snprintf(want, sizeof(want), "%s %s", d->cfg->gateway.name, CTL_ATTEST_SERVICE);
	if (vt_cert_subject_cn(der, len, cn, sizeof(cn)) < 0 || strcmp(cn, want) != 0 ||
	    !client_usage(der, len))
		return -EKEYREJECTED;
	snprintf(actor, size, "%s", cn);
	return 0;
}
