/* SPDX-License-Identifier: BSD-3-Clause */
/* With wolfSSL's fixed-point tables off for a thread (ecc_tables.h), its
 * verifications still accept what is signed and refuse what is not, however
 * often the same points come back (what the tables save, time, is measured by
 * bench/attestation.sh: the agent's CPU from exec to grant). */
#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/random.h>

#include "cunit_runner.h"
#include "ecc_tables.h"

#define KEYS 2
#define ROUNDS 6

static int verify(ecc_key *key, const byte *sig, word32 len, const byte hash[32])
{
	int ok = 0;

	vg_ecc_before_verify();
	if (wc_ecc_verify_hash(sig, len, hash, 32, &ok, key) != 0)
		return -1;
	return ok;
}

static void check_rounds(void)
{
	ecc_key keys[KEYS];
	byte sig[KEYS][ECC_MAX_SIG_SIZE], hash[32] = { 0x76, 0x6d, 0x67 }, other[32] = { 1 };
	word32 len[KEYS];
	WC_RNG rng;

	CU_ASSERT_FATAL(wc_InitRng(&rng) == 0);
	for (int k = 0; k < KEYS; k++) {
		CU_ASSERT_FATAL(wc_ecc_init(&keys[k]) == 0);
		CU_ASSERT_FATAL(wc_ecc_make_key_ex(&rng, 32, &keys[k], ECC_SECP256R1) == 0);
		len[k] = sizeof(sig[k]);
		CU_ASSERT_FATAL(wc_ecc_sign_hash(hash, 32, sig[k], &len[k], &rng, &keys[k]) == 0);
	}
	for (int i = 0; i < ROUNDS; i++)
		for (int k = 0; k < KEYS; k++) {
			CU_ASSERT_EQUAL(verify(&keys[k], sig[k], len[k], hash), 1);
			CU_ASSERT_EQUAL(verify(&keys[k], sig[k], len[k], other), 0);
			CU_ASSERT_EQUAL(verify(&keys[k], sig[1 - k], len[1 - k], hash), 0);
		}
	for (int k = 0; k < KEYS; k++)
		wc_ecc_free(&keys[k]);
	wc_FreeRng(&rng);
}

static void test_verifications_with_tables_on_are_right(void)
{
	check_rounds();
}

static void test_verifications_with_tables_off_are_right(void)
{
	vg_ecc_tables_off();
	check_rounds();
}

static const struct vg_test tests[] = {
	VG_TEST(test_verifications_with_tables_on_are_right),
	VG_TEST(test_verifications_with_tables_off_are_right),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = { { "vtpm-ecc-tables", NULL, NULL, tests }, { NULL } };
	int r = vg_test_main(suites);

	wc_ecc_fp_free();
	return r;
}
