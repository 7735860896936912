/* SPDX-License-Identifier: BSD-3-Clause */
/* What an established session says: who the peer is, the exporter value
 * that binds a quote to this session, what was negotiated. */
#include "tls_local.h"

#include <errno.h>
#include <string.h>

#include "vt_cert.h"

int att_tls_peer_cn(struct att_tls_sess *sess, char *buf, size_t size)
{
	WOLFSSL_X509_CHAIN *chain;
	const unsigned char *der;
	int len;

	if (!sess || !buf)
		return -EINVAL;
	/* The peer's chain as received, leaf first; wolfSSL has verified
	 * it. The CN is read, and its characters checked, as every CN of
	 * the platform CA is (vt_cert_subject_cn). */
	chain = wolfSSL_get_peer_chain(sess->ssl);
	if (!chain || wolfSSL_get_chain_count(chain) < 1)
		return -EBADMSG;
	der = wolfSSL_get_chain_cert(chain, 0);
	len = wolfSSL_get_chain_length(chain, 0);
	if (!der || len <= 0)
		return -EBADMSG;
	return vt_cert_subject_cn(der, (size_t)len, buf, size);
}

long att_tls_peer_cert(struct att_tls_sess *sess, uint8_t *buf, size_t size)
{
	WOLFSSL_X509_CHAIN *chain;
	const unsigned char *der;
	int len;

	if (!sess || !buf)
		return -EINVAL;
	chain = wolfSSL_get_peer_chain(sess->ssl);
	if (!chain || wolfSSL_get_chain_count(chain) < 1)
		return -EBADMSG;
	der = wolfSSL_get_chain_cert(chain, 0);
	len = wolfSSL_get_chain_length(chain, 0);
	if (!der || len <= 0)
		return -EBADMSG;
	if ((size_t)len > size)
		return -ENOSPC;
	memcpy(buf, der, (size_t)len);
	return len;
}

int att_tls_exporter(struct att_tls_sess *sess,
		     uint8_t out[ATT_TLS_EXPORTER_LEN])
{
	static const char label[] = ATT_TLS_EXPORTER_LABEL;
	int rc;

	if (!sess || !out)
		return -EINVAL;
	rc = wolfSSL_export_keying_material(sess->ssl, out, ATT_TLS_EXPORTER_LEN,
					    label, sizeof(label) - 1, NULL, 0, 0);
	wolfSSL_ERR_clear_error();
	return rc == WOLFSSL_SUCCESS ? 0 : -EIO;
}

int att_tls_info(struct att_tls_sess *sess, struct att_tls_info *info)
{
	if (!sess || !info)
		return -EINVAL;
	info->version = wolfSSL_get_version(sess->ssl);
	info->cipher = wolfSSL_get_cipher_name(sess->ssl);
	info->group = wolfSSL_get_curve_name(sess->ssl);
	info->resumed = wolfSSL_session_reused(sess->ssl);
	if (!info->version)
		info->version = "?";
	if (!info->cipher)
		info->cipher = "?";
	if (!info->group)
		info->group = "?";
	return 0;
}
