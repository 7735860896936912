/* SPDX-License-Identifier: BSD-3-Clause */
#include "cert_local.h"

#include <errno.h>
#include <wolfssl/error-ssl.h>
#include <wolfssl/wolfcrypt/error-crypt.h>

int cert_errno(int wolf_rc)
{
	switch (wolf_rc) {
	case MEMORY_E:
		return -ENOMEM;
	case BUFFER_E:
		return -ENOSPC;
	case ASN_BEFORE_DATE_E:
	case ASN_AFTER_DATE_E:
		return -EKEYEXPIRED;
	case ASN_SIG_CONFIRM_E:
	case ASN_NO_SIGNER_E:
	case ASN_SELF_SIGNED_E:
	case NOT_CA_ERROR:
		return -EKEYREJECTED;
	case ASN_SIG_OID_E:
	case ASN_SIG_HASH_E:
	case ASN_SIG_KEY_E:
	case ECC_CURVE_OID_E:
		return -EPROTONOSUPPORT;
	}
	/* The ASN.1 and ECC decoding errors: the input is malformed. */
	if ((wolf_rc <= ASN_PARSE_E && wolf_rc >= ASN_NO_PEM_HEADER) ||
	    wolf_rc == ASN_ECC_KEY_E || wolf_rc == ASN_NAME_INVALID_E)
		return -EBADMSG;
	return -EIO;
}
