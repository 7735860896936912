/* SPDX-License-Identifier: BSD-3-Clause */
#include "tpm_fixture.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/hash.h>
#include <wolfssl/wolfcrypt/random.h>

#include "tpm_internal.h"

struct vt_tpm *fx_open(int which)
{
	const char *var = which == 2 ? "VT_TEST_TCTI2" : "VT_TEST_TCTI";
	const char *tcti = getenv(var);
	struct vt_tpm *t = NULL;
	int r;

	if (!tcti) {
		fprintf(stderr, "%s is not set: run through with_swtpm.sh\n", var);
		return NULL;
	}
	r = vt_tpm_open(tcti, &t);
	if (r < 0)
		fprintf(stderr, "cannot open %s: %d\n", tcti, r);
	return t;
}

struct vt_tpm *fx_open_recorded(int which, char *path)
{
	const char *dir = getenv("VT_TEST_DIR");
	const char *tcti = getenv(which == 2 ? "VT_TEST_TCTI2" : "VT_TEST_TCTI");
	struct vt_tpm *t = NULL;
	char conf[PATH_MAX + 8];

	if (!dir || !tcti)
		return NULL;
	snprintf(path, PATH_MAX, "%s/bus%d.pcap", dir, which);
	unlink(path);
	setenv("TCTI_PCAP_FILE", path, 1);
	snprintf(conf, sizeof(conf), "pcap:%s", tcti);
	if (vt_tpm_open(conf, &t) < 0)
		fprintf(stderr, "cannot open %s\n", conf);
	return t;
}

uint8_t *fx_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n)) && fread(buf, 1, (size_t)n, f) == (size_t)n) {
		*len = (size_t)n;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* The number of handles of one type (the top byte) in the TPM. */
static int handles_of_type(struct vt_tpm *t, TPM2_HT type)
{
	TPMS_CAPABILITY_DATA *cap = NULL;
	TPM2_HANDLE first = (TPM2_HANDLE)type << TPM2_HR_SHIFT;
	TPMI_YES_NO more;
	int n = 0;

	if (Esys_GetCapability(t->esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
			       TPM2_CAP_HANDLES, first, TPM2_MAX_CAP_HANDLES, &more,
			       &cap) != TSS2_RC_SUCCESS)
		return -1;
	for (UINT32 i = 0; i < cap->data.handles.count; i++)
		if (cap->data.handles.handle[i] >> TPM2_HR_SHIFT == type)
			n++;
	Esys_Free(cap);
	return n;
}

int fx_transient_objects(struct vt_tpm *t)
{
	return handles_of_type(t, TPM2_HT_TRANSIENT);
}

int fx_loaded_sessions(struct vt_tpm *t)
{
	return handles_of_type(t, TPM2_HT_LOADED_SESSION);
}

void fx_sha256(const void *data, size_t len, uint8_t out[VT_DIGEST_LEN])
{
	if (wc_Sha256Hash(data, (word32)len, out) != 0)
		abort();
}

bool fx_ecdsa_ok(const uint8_t x[32], const uint8_t y[32], const uint8_t digest[32],
		 const uint8_t r[32], const uint8_t s[32])
{
	byte der[ECC_MAX_SIG_SIZE];
	word32 der_len = sizeof(der);
	ecc_key key;
	int ok = 0;

	if (wc_ecc_init(&key) != 0)
		return false;
	if (wc_ecc_import_unsigned(&key, x, y, NULL, ECC_SECP256R1) == 0 &&
	    wc_ecc_rs_raw_to_sig(r, 32, s, 32, der, &der_len) == 0 &&
	    wc_ecc_verify_hash(der, der_len, digest, 32, &ok, &key) != 0)
		ok = 0;
	wc_ecc_free(&key);
	return ok == 1;
}

struct fx_soft_key {
	WC_RNG rng;
	ecc_key key;
};

struct fx_soft_key *fx_soft_key_new(void)
{
	struct fx_soft_key *k = calloc(1, sizeof(*k));

	if (!k || wc_InitRng(&k->rng) != 0)
		abort();
	if (wc_ecc_init(&k->key) != 0 || wc_ecc_make_key(&k->rng, 32, &k->key) != 0)
		abort();
	return k;
}

void fx_soft_key_free(struct fx_soft_key *k)
{
	if (!k)
		return;
	wc_ecc_free(&k->key);
	wc_FreeRng(&k->rng);
	free(k);
}

void fx_soft_key_public(const struct fx_soft_key *k, uint8_t x[32], uint8_t y[32])
{
	word32 xl = 32, yl = 32;

	if (wc_ecc_export_public_raw((ecc_key *)&k->key, x, &xl, y, &yl) != 0 ||
	    xl != 32 || yl != 32)
		abort();
}

/* Copies a big-endian number of len bytes into 32, left-padded. */
static void pad32(const byte *in, word32 len, uint8_t out[32])
{
	memset(out, 0, 32 - len);
	memcpy(out + 32 - len, in, len);
}

void fx_soft_sign(struct fx_soft_key *k, struct vt_quote *q)
{
	byte der[ECC_MAX_SIG_SIZE], r[33], s[33];
	word32 der_len = sizeof(der), rl = sizeof(r), sl = sizeof(s);
	uint8_t digest[32];

	fx_sha256(q->attest, q->attest_len, digest);
	if (wc_ecc_sign_hash(digest, 32, der, &der_len, &k->rng, &k->key) != 0 ||
	    wc_ecc_sig_to_rs(der, der_len, r, &rl, s, &sl) != 0 || rl > 32 || sl > 32)
		abort();
	pad32(r, rl, q->r);
	pad32(s, sl, q->s);
}

bool fx_contains(const uint8_t *haystack, size_t len, const uint8_t *needle, size_t nlen)
{
	for (size_t i = 0; i + nlen <= len; i++)
		if (memcmp(haystack + i, needle, nlen) == 0)
			return true;
	return false;
}
