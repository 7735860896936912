/* SPDX-License-Identifier: BSD-3-Clause */
/* The CA key's signatures come from the signer (the TPM), through a
 * wolfCrypt crypto-callback device: wolfSSL builds and hashes the
 * certificate, the signer signs the digest. */
#include "cert_local.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <wolfssl/wolfcrypt/cryptocb.h>

#include "p256_public.h"
#include <wolfssl/wolfcrypt/error-crypt.h>

/* Any id other than INVALID_DEVID; one device, registered per signing. */
#define SIGNER_DEV_ID 0x56544331  /* "VTC1" */
#define DIGEST_LEN 32

static pthread_mutex_t signing_lock = PTHREAD_MUTEX_INITIALIZER;

/* Answers wolfCrypt's ECDSA signing requests for the CA key: the signer
 * signs the digest, the result is checked against the CA's public point
 * (a signer using another key must not yield a certificate) and returned
 * DER-encoded. Every other request falls back to software. */
static int sign_digest(int dev_id, wc_CryptoInfo *info, void *arg)
{
	struct cert_signing *cs = arg;
	const struct vt_signer *signer = cs->signer;
	uint8_t r[32], s[32];
	int err, ok = 0;

	(void)dev_id;
	if (info->algo_type != WC_ALGO_TYPE_PK ||
	    info->pk.type != WC_PK_TYPE_ECDSA_SIGN)
		return CRYPTOCB_UNAVAILABLE;
	if (info->pk.eccsign.key != &cs->key || info->pk.eccsign.inlen != DIGEST_LEN)
		return BAD_FUNC_ARG;
	err = signer->sign(signer->ctx, info->pk.eccsign.in, r, s);
	if (err != 0) {
		cs->signer_err = err < 0 ? err : -EIO;
		return WC_HW_E;
	}
	err = wc_ecc_rs_raw_to_sig(r, sizeof(r), s, sizeof(s),
				   info->pk.eccsign.out, info->pk.eccsign.outlen);
	if (err != 0)
		return err;
	err = wc_ecc_verify_hash(info->pk.eccsign.out, *info->pk.eccsign.outlen,
				 info->pk.eccsign.in, DIGEST_LEN, &ok, &cs->key);
	if (err != 0 || ok != 1) {
		cs->signer_err = -EKEYREJECTED;
		return WC_HW_E;
	}
	return 0;
}

int cert_import_point(ecc_key *key, int dev_id, const uint8_t x[32],
		      const uint8_t y[32])
{
	if (wc_ecc_init_ex(key, NULL, dev_id) != 0)
		return -EIO;
	if (wc_ecc_import_unsigned(key, x, y, NULL, ECC_SECP256R1) != 0 ||
	    vg_p256_public_check(key) != 0)
		return -EINVAL;
	return 0;
}

int cert_signing_begin(struct cert_signing *cs, const struct vt_signer *ca)
{
	memset(cs, 0, sizeof(*cs));
	if (cert_wolf_init() < 0)
		return -EIO;
	pthread_mutex_lock(&signing_lock);
	cs->locked = true;
	cs->signer = ca;
	if (wc_InitRng(&cs->rng) != 0)
		return -EIO;
	cs->rng_ready = true;
	if (wc_CryptoCb_RegisterDevice(SIGNER_DEV_ID, sign_digest, cs) != 0)
		return -EIO;
	cs->registered = true;
	cs->key_ready = true;
	return cert_import_point(&cs->key, SIGNER_DEV_ID, ca->x, ca->y);
}

void cert_signing_end(struct cert_signing *cs)
{
	if (cs->key_ready)
		wc_ecc_free(&cs->key);
	if (cs->registered)
		wc_CryptoCb_UnRegisterDevice(SIGNER_DEV_ID);
	if (cs->rng_ready)
		wc_FreeRng(&cs->rng);
	if (cs->locked)
		pthread_mutex_unlock(&signing_lock);
	memset(cs, 0, sizeof(*cs));
}
