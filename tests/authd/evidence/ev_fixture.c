/* SPDX-License-Identifier: BSD-3-Clause */
#include "ev_fixture.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/hash.h>

#define DAYS 30

struct vt_tpm *ev_open(int which)
{
	char var[32];
	const char *tcti;
	struct vt_tpm *t = NULL;
	int r;

	if (which == 1)
		snprintf(var, sizeof(var), "VT_TEST_TCTI");
	else
		snprintf(var, sizeof(var), "VT_TEST_TCTI%d", which);
	tcti = getenv(var);
	if (!tcti) {
		fprintf(stderr, "%s is not set: run through with_swtpms.sh\n", var);
		return NULL;
	}
	r = vt_tpm_open(tcti, &t);
	if (r < 0)
		fprintf(stderr, "cannot open %s: %d\n", tcti, r);
	return t;
}

static int tpm_sign(void *ctx, const uint8_t digest[32], uint8_t r[32], uint8_t s[32])
{
	return vt_ca_sign(ctx, digest, r, s);
}

int ev_ca_tpm(struct ev_ca *ca, struct vt_tpm *root, const char *cn)
{
	int r;

	memset(ca, 0, sizeof(*ca));
	r = vt_ca_public(root, ca->signer.x, ca->signer.y);
	if (r < 0)
		return r;
	ca->signer.sign = tpm_sign;
	ca->signer.ctx = root;
	ca->len = sizeof(ca->der);
	return vt_cert_ca_self(&ca->signer, cn, DAYS, ca->der, &ca->len);
}

struct soft_key {
	WC_RNG rng;
	ecc_key key;
};

/* Signs like the TPM: raw r and s, each 32 bytes, left-padded. */
static int soft_sign(void *ctx, const uint8_t digest[32], uint8_t r[32], uint8_t s[32])
{
	struct soft_key *k = ctx;
	uint8_t sig[ECC_MAX_SIG_SIZE], rr[32], ss[32];
	word32 sig_len = sizeof(sig), r_len = sizeof(rr), s_len = sizeof(ss);

	if (wc_ecc_sign_hash(digest, 32, sig, &sig_len, &k->rng, &k->key) != 0 ||
	    wc_ecc_sig_to_rs(sig, sig_len, rr, &r_len, ss, &s_len) != 0)
		return -EIO;
	memset(r, 0, 32);
	memset(s, 0, 32);
	memcpy(r + 32 - r_len, rr, r_len);
	memcpy(s + 32 - s_len, ss, s_len);
	return 0;
}

int ev_ca_soft(struct ev_ca *ca, const char *cn)
{
	struct soft_key *k = calloc(1, sizeof(*k));
	word32 xl = 32, yl = 32;

	memset(ca, 0, sizeof(*ca));
	if (!k)
		return -ENOMEM;
	ca->soft = k;
	if (wc_InitRng(&k->rng) != 0 || wc_ecc_init(&k->key) != 0 ||
	    wc_ecc_make_key_ex(&k->rng, 32, &k->key, ECC_SECP256R1) != 0 ||
	    wc_ecc_export_public_raw(&k->key, ca->signer.x, &xl, ca->signer.y, &yl) != 0)
		return -EIO;
	ca->signer.sign = soft_sign;
	ca->signer.ctx = k;
	ca->len = sizeof(ca->der);
	return vt_cert_ca_self(&ca->signer, cn, DAYS, ca->der, &ca->len);
}

void ev_ca_free(struct ev_ca *ca)
{
	struct soft_key *k = ca->soft;

	if (!k)
		return;
	wc_ecc_free(&k->key);
	wc_FreeRng(&k->rng);
	free(k);
	ca->soft = NULL;
}

int ev_issue_ak(const struct ev_ca *ca, const char *cn, const uint8_t x[32],
		const uint8_t y[32], uint8_t der[VT_CERT_DER_MAX], size_t *len)
{
	*len = VT_CERT_DER_MAX;
	return vt_cert_issue(&ca->signer, ca->der, ca->len, cn, x, y, VT_CERT_AK, DAYS,
			     der, len);
}

void ev_sha256_text(const char *text, uint8_t out[32])
{
	if (wc_Sha256Hash((const byte *)text, (word32)strlen(text), out) != 0)
		abort();
}

int ev_measure_into(struct vt_tpm *t, struct evlog *log, unsigned pcr, unsigned part,
		    const uint8_t digest[32])
{
	int r = vt_pcr_extend(t, pcr, digest);

	if (r == 0 && log)
		r = evlog_append(log, pcr, part, digest);
	return r;
}

int ev_measure(struct vt_tpm *t, struct evlog *log, unsigned part, const uint8_t digest[32])
{
	return ev_measure_into(t, log, (unsigned)evlog_part_pcr(part), part, digest);
}
