/* SPDX-License-Identifier: BSD-3-Clause */
/* ECDSA P-256 verification in software (wolfCrypt), for signatures the TPM
 * made and a verifier must check without one. */
#include <errno.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/error-crypt.h>

#include "ecc_tables.h"
#include "p256_public.h"
#include "tpm_internal.h"

int vt_ecdsa_verify(const uint8_t x[VT_COORD_LEN], const uint8_t y[VT_COORD_LEN],
		    const uint8_t digest[VT_DIGEST_LEN], const uint8_t r[VT_COORD_LEN],
		    const uint8_t s[VT_COORD_LEN])
{
	byte der[ECC_MAX_SIG_SIZE];
	word32 der_len = sizeof(der);
	ecc_key key;
	int ok = 0, ret;

	if (wc_ecc_init(&key) != 0)
		return -ENOMEM;
	if (wc_ecc_import_unsigned(&key, x, y, NULL, ECC_SECP256R1) != 0 ||
	    vg_p256_public_check(&key) != 0) {
		wc_ecc_free(&key);
		return -EINVAL;
	}
	/* r or s of zero, or out of range, fails here or in the check. */
	ret = wc_ecc_rs_raw_to_sig(r, VT_COORD_LEN, s, VT_COORD_LEN, der, &der_len);
	vg_ecc_before_verify();
	if (ret == 0)
		ret = wc_ecc_verify_hash(der, der_len, digest, VT_DIGEST_LEN, &ok, &key);
	wc_ecc_free(&key);
	if (ret == MEMORY_E)
		return -ENOMEM;
	return ret == 0 && ok == 1 ? 0 : -EKEYREJECTED;
}
