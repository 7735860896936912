/* SPDX-License-Identifier: BSD-3-Clause */
/* wolfSSL's errors, and the alerts a peer sends, as the errnos att_tls.h
 * promises. */
#include "tls_local.h"

#include <errno.h>
#include <wolfssl/error-ssl.h>
#include <wolfssl/wolfcrypt/error-crypt.h>

/* The errno for a fatal alert the peer sent: it refused our certificate,
 * or found nothing in common with us. */
static int alert_errno(WOLFSSL *ssl)
{
	WOLFSSL_ALERT_HISTORY h = { 0 };

	if (wolfSSL_get_alert_history(ssl, &h) != WOLFSSL_SUCCESS)
		return -EPROTO;
	switch (h.last_rx.code) {
	case no_certificate:
	case bad_certificate:
	case unsupported_certificate:
	case certificate_revoked:
	case certificate_expired:
	case certificate_unknown:
	case unknown_ca:
	case access_denied:
	case certificate_required:
		return -ECONNREFUSED;
	case close_notify:
		return -ECONNRESET;
	default:
		return -EPROTO;
	}
}

int tls_errno(struct att_tls_sess *s, int err)
{
	if (s->sign_err)
		return s->sign_err;
	switch (err) {
	case FATAL_ERROR:
		return alert_errno(s->ssl);
	case WOLFSSL_ERROR_ZERO_RETURN:
	case WOLFSSL_ERROR_SYSCALL:
	case SOCKET_PEER_CLOSED_E:
	case SOCKET_ERROR_E:
		return s->io_err ? s->io_err : -ECONNRESET;
	case ASN_NO_SIGNER_E:
	case ASN_SELF_SIGNED_E:
	case ASN_SIG_CONFIRM_E:
	case ASN_SIG_OID_E:
	case ASN_SIG_KEY_E:
	case ASN_BEFORE_DATE_E:
	case ASN_AFTER_DATE_E:
	case ASN_PATHLEN_INV_E:
	case NOT_CA_ERROR:
	case VERIFY_CERT_ERROR:
	case VERIFY_SIGN_ERROR:
	case EXTKEYUSE_AUTH_E:
	case KEYUSE_SIGNATURE_E:
	case MAX_CHAIN_ERROR:
		return -EKEYREJECTED;
	case NO_PEER_CERT:
		return -ENOKEY;
	case VERSION_ERROR:
	case UNSUPPORTED_PROTO_VERSION:
	case MATCH_SUITE_ERROR:
	case UNSUPPORTED_SUITE:
	case SANITY_CIPHER_E:
	case KEY_SHARE_ERROR:
	case BAD_KEY_SHARE_DATA:
	case ECC_CURVE_ERROR:
	case PEER_KEY_ERROR:
	case EXT_MISSING:
	case BAD_HELLO:
	case PARSE_ERROR:
	case BUFFER_ERROR:
	case LENGTH_ERROR:
	case INCOMPLETE_DATA:
	case UNKNOWN_RECORD_TYPE:
	case UNKNOWN_HANDSHAKE_TYPE:
	case OUT_OF_ORDER_E:
	case SANITY_MSG_E:
	case DUPLICATE_MSG_E:
	case DUPLICATE_TLS_EXT_E:
	case HANDSHAKE_SIZE_ERROR:
	case MISSING_HANDSHAKE_DATA:
	case EXT_NOT_ALLOWED:
	case INVALID_PARAMETER:
	case DECODE_E:
	case VERIFY_FINISHED_ERROR:
	case VERIFY_MAC_ERROR:
	case DECRYPT_ERROR:
		return -EPROTO;
	case MEMORY_ERROR:
	case MEMORY_E:
		return -ENOMEM;
	default:
		if (s->io_err)
			return s->io_err;
		/* Whatever else stops a handshake is something about what
		 * the peer sent: no group in common, for one, fails in
		 * wolfSSL 5.5.4 with BAD_FUNC_ARG and no alert. */
		return wolfSSL_is_init_finished(s->ssl) ? -EIO : -EPROTO;
	}
}
