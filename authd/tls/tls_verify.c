/* SPDX-License-Identifier: BSD-3-Clause */
/* What the peer's certificate is for. Every certificate of the platform
 * CA chains to the same anchor -- guests' TLS certificates, the gateway's,
 * attestation keys' -- so a chain that verifies is not enough: the leaf
 * must be issued for the role the peer plays (extKeyUsage serverAuth for
 * the gateway, clientAuth for an agent). wolfSSL alone accepts a leaf
 * without extKeyUsage. */
#include "tls_local.h"

#include <wolfssl/openssl/x509v3.h>

#include "ecc_tables.h"

/* wolfSSL's verdict on the chain, and at the leaf also its usage. */
static int verify_leaf(int preverify, WOLFSSL_X509_STORE_CTX *store,
		       unsigned usage)
{
	WOLFSSL_X509 *leaf;

	/* wolfSSL has checked this certificate's signature; the peer's
	 * CertificateVerify is checked next. */
	vg_ecc_before_verify();
	if (!preverify)
		return 0;
	if (wolfSSL_X509_STORE_CTX_get_error_depth(store) != 0)
		return 1;
	leaf = wolfSSL_X509_STORE_CTX_get_current_cert(store);
	return leaf && (wolfSSL_X509_get_extended_key_usage(leaf) & usage);
}

int tls_verify_client(int preverify, WOLFSSL_X509_STORE_CTX *store)
{
	return verify_leaf(preverify, store, XKU_SSL_CLIENT);
}

int tls_verify_server(int preverify, WOLFSSL_X509_STORE_CTX *store)
{
	return verify_leaf(preverify, store, XKU_SSL_SERVER);
}

int tls_verify_pinned(int preverify, WOLFSSL_X509_STORE_CTX *store)
{
	/* The issuer does not matter: the certificate itself is compared with
	 * the pinned ones once the handshake (and with it the client's proof
	 * of its key) is done. */
	(void)preverify;
	(void)store;
	return 1;
}
