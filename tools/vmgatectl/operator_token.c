/* SPDX-License-Identifier: BSD-3-Clause */
/* Signing with the operator's token key through wolfSSL's PKCS#11 device:
 * an ecc_key that carries only the key's label and the device id; wolfSSL
 * hands the sign operation to the token (C_Sign, CKM_ECDSA). */
#include "operator_token.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/cryptocb.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/wc_pkcs11.h>

/* Any id not used by another device of this process. */
#define TOKEN_DEV_ID 0x564d4d31

struct operator_token {
	Pkcs11Dev dev;
	Pkcs11Token token;
	ecc_key key;
	WC_RNG rng;
	char key_label[64];     /* for messages */
	int stage;              /* how much to undo */
};

/* The slot holding the token labelled label (CK_TOKEN_INFO pads labels
 * with spaces to 32 bytes), or -1. wolfSSL's own lookup by name does not
 * find it in softhsm2's list. */
static int find_slot(Pkcs11Dev *dev, const char *label)
{
	CK_SLOT_ID slots[64];
	CK_ULONG n = sizeof(slots) / sizeof(slots[0]);
	size_t len = strlen(label);

	if (len > 32 || dev->func->C_GetSlotList(CK_TRUE, slots, &n) != CKR_OK)
		return -1;
	for (CK_ULONG i = 0; i < n; i++) {
		CK_TOKEN_INFO info;
		bool padded = true;

		if (dev->func->C_GetTokenInfo(slots[i], &info) != CKR_OK ||
		    memcmp(info.label, label, len) != 0)
			continue;
		for (size_t j = len; j < sizeof(info.label); j++)
			padded = padded && info.label[j] == ' ';
		if (padded && slots[i] <= INT_MAX)
			return (int)slots[i];
	}
	return -1;
}

struct operator_token *operator_token_open(const char *module, const char *token,
					   const char *key, const char *pin,
					   const uint8_t x[32], const uint8_t y[32])
{
	struct operator_token *t = calloc(1, sizeof(*t));
	const char *what = NULL;
	int rc, slot;

	if (!t)
		return NULL;
	snprintf(t->key_label, sizeof(t->key_label), "%s", key);
	if ((rc = wc_Pkcs11_Initialize(&t->dev, module, NULL)) != 0) {
		what = "cannot load the PKCS#11 module";
		goto fail;
	}
	t->stage = 1;
	slot = find_slot(&t->dev, token);
	if (slot < 0) {
		what = "no token of that label";
		rc = 0;
		goto fail;
	}
	rc = wc_Pkcs11Token_Init(&t->token, &t->dev, slot, token,
				 (const unsigned char *)pin, (int)strlen(pin));
	if (rc != 0) {
		what = "cannot use the token";
		goto fail;
	}
	t->stage = 2;
	/* Read-write: softhsm2 refuses the read-only session wolfSSL opens
	 * (CKR_SESSION_PARALLEL_NOT_SUPPORTED). Nothing is written. */
	if ((rc = wc_Pkcs11Token_Open(&t->token, 1)) != 0) {
		what = "cannot log in to the token (wrong PIN?)";
		goto fail;
	}
	t->stage = 3;
	if ((rc = wc_CryptoCb_RegisterDevice(TOKEN_DEV_ID, wc_Pkcs11_CryptoDevCb,
					     &t->token)) != 0) {
		what = "cannot register the token with wolfSSL";
		goto fail;
	}
	t->stage = 4;
	/* The public point from the certificate gives wolfSSL the curve; the
	 * label names the private key on the token. */
	if ((rc = wc_ecc_init_label(&t->key, key, NULL, TOKEN_DEV_ID)) != 0 ||
	    (rc = wc_ecc_import_unsigned(&t->key, x, y, NULL, ECC_SECP256R1)) != 0) {
		what = "bad key label or public key";
		goto fail;
	}
	t->stage = 5;
	if ((rc = wc_InitRng(&t->rng)) != 0) {
		what = "no random number generator";
		goto fail;
	}
	t->stage = 6;
	return t;
fail:
	fprintf(stderr, "vmgatectl: PKCS#11 token '%s' (%s): %s (wolfSSL %d)\n", token,
		module, what, rc);
	operator_token_close(t);
	return NULL;
}

int operator_token_sign(void *tok, const uint8_t *digest, size_t len,
			uint8_t r[32], uint8_t s[32])
{
	struct operator_token *t = tok;
	uint8_t sig[ECC_MAX_SIG_SIZE], rb[33], sb[33];
	word32 sig_len = sizeof(sig), r_len = sizeof(rb), s_len = sizeof(sb);
	int rc;

	rc = wc_ecc_sign_hash(digest, (word32)len, sig, &sig_len, &t->rng, &t->key);
	if (rc != 0) {
		fprintf(stderr, "vmgatectl: the token did not sign with key '%s' "
			"(wolfSSL %d): is the key on the token?\n",
			t->key_label, rc);
		return -EKEYREJECTED;
	}
	if (wc_ecc_sig_to_rs(sig, sig_len, rb, &r_len, sb, &s_len) != 0 ||
	    r_len > 32 || s_len > 32)
		return -EBADMSG;
	/* r and s come without leading zeros: right-align them. */
	memset(r, 0, 32);
	memset(s, 0, 32);
	memcpy(r + 32 - r_len, rb, r_len);
	memcpy(s + 32 - s_len, sb, s_len);
	return 0;
}

void operator_token_close(struct operator_token *t)
{
	if (!t)
		return;
	if (t->stage >= 6)
		wc_FreeRng(&t->rng);
	if (t->stage >= 5)
		wc_ecc_free(&t->key);
	if (t->stage >= 4)
		wc_CryptoCb_UnRegisterDevice(TOKEN_DEV_ID);
	if (t->stage >= 3)
		wc_Pkcs11Token_Close(&t->token);
	if (t->stage >= 2)
		wc_Pkcs11Token_Final(&t->token);
	if (t->stage >= 1)
		wc_Pkcs11_Finalize(&t->dev);
	free(t);
}
