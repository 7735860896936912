/* SPDX-License-Identifier: BSD-3-Clause */
/* The platform CA key: one key per TPM, stable across restarts, whose
 * signatures verify in software and whose private part stays inside. */
#include <errno.h>
#include <string.h>

#include "cunit_runner.h"
#include "tpm_fixture.h"
#include "tpm_internal.h"

static struct vt_tpm *tpm;

static int open_tpm(void)
{
	tpm = fx_open(1);
	return tpm ? 0 : -1;
}

static int close_tpm(void)
{
	vt_tpm_close(tpm);
	return 0;
}

static void test_ca_signature_verifies_against_ca_public(void)
{
	uint8_t x[32], y[32], digest[32], r[32], s[32];

	fx_sha256("certificate to be", 17, digest);
	CU_ASSERT_EQUAL_FATAL(vt_ca_public(tpm, x, y), 0);
	CU_ASSERT_EQUAL_FATAL(vt_ca_sign(tpm, digest, r, s), 0);
	CU_ASSERT_TRUE(fx_ecdsa_ok(x, y, digest, r, s));
}

static void test_ca_signature_does_not_verify_for_another_digest(void)
{
	uint8_t x[32], y[32], digest[32], other[32], r[32], s[32];

	fx_sha256("signed", 6, digest);
	fx_sha256("not signed", 10, other);
	CU_ASSERT_EQUAL_FATAL(vt_ca_public(tpm, x, y), 0);
	CU_ASSERT_EQUAL_FATAL(vt_ca_sign(tpm, digest, r, s), 0);
	CU_ASSERT_FALSE(fx_ecdsa_ok(x, y, other, r, s));
	s[31] ^= 1;
	CU_ASSERT_FALSE(fx_ecdsa_ok(x, y, digest, r, s));
}

static void test_ca_key_is_the_same_after_reopening_the_tpm(void)
{
	uint8_t x1[32], y1[32], x2[32], y2[32];

	CU_ASSERT_EQUAL_FATAL(vt_ca_public(tpm, x1, y1), 0);
	vt_tpm_close(tpm);
	tpm = fx_open(1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tpm);
	CU_ASSERT_EQUAL_FATAL(vt_ca_public(tpm, x2, y2), 0);
	CU_ASSERT_EQUAL(memcmp(x1, x2, 32), 0);
	CU_ASSERT_EQUAL(memcmp(y1, y2, 32), 0);
}

static void test_ca_keys_of_two_tpms_differ(void)
{
	struct vt_tpm *other = fx_open(2);
	uint8_t x1[32], y1[32], x2[32], y2[32];

	CU_ASSERT_PTR_NOT_NULL_FATAL(other);
	CU_ASSERT_EQUAL(vt_ca_public(tpm, x1, y1), 0);
	CU_ASSERT_EQUAL(vt_ca_public(other, x2, y2), 0);
	CU_ASSERT_NOT_EQUAL(memcmp(x1, x2, 32), 0);
	vt_tpm_close(other);
}

/* Tries TPM2_Duplicate (the only command that exports a private key) on a
 * loaded key, with a policy session asserting PolicyCommandCode(Duplicate).
 * Returns the TPM's answer. */
static TSS2_RC try_duplicate(ESYS_TR key)
{
	const TPMT_SYM_DEF_OBJECT no_inner = { .algorithm = TPM2_ALG_NULL };
	TPM2B_ENCRYPTED_SECRET *seed = NULL;
	TPM2B_DATA *sym_key = NULL;
	TPM2B_PRIVATE *dup = NULL;
	VT_LOADED(session, tpm);
	TSS2_RC rc;

	CU_ASSERT_EQUAL_FATAL(vt_session_start(tpm, TPM2_SE_POLICY, ESYS_TR_NONE, 0,
					       &session), 0);
	CU_ASSERT_EQUAL_FATAL(Esys_PolicyCommandCode(tpm->esys, session.tr, ESYS_TR_NONE,
						     ESYS_TR_NONE, ESYS_TR_NONE,
						     TPM2_CC_Duplicate), 0);
	rc = Esys_Duplicate(tpm->esys, key, ESYS_TR_RH_NULL, session.tr, ESYS_TR_NONE,
			    ESYS_TR_NONE, NULL, &no_inner, &sym_key, &dup, &seed);
	Esys_Free(seed);
	Esys_Free(sym_key);
	Esys_Free(dup);
	return rc;
}

static void test_ca_private_key_cannot_be_exported(void)
{
	TPM2B_PUBLIC *pub = NULL;
	VT_LOADED(ca, tpm);
	TPMA_OBJECT a;

	CU_ASSERT_EQUAL_FATAL(vt_primary_create(tpm, VT_KEY_CA, &ca, &pub), 0);
	a = pub->publicArea.objectAttributes;
	CU_ASSERT_TRUE(a & TPMA_OBJECT_FIXEDTPM);
	CU_ASSERT_TRUE(a & TPMA_OBJECT_FIXEDPARENT);
	CU_ASSERT_TRUE(a & TPMA_OBJECT_SENSITIVEDATAORIGIN);
	CU_ASSERT_TRUE(a & TPMA_OBJECT_NODA);
	/* No policy, so no session can authorise its duplication. */
	CU_ASSERT_EQUAL(pub->publicArea.authPolicy.size, 0);
	CU_ASSERT_EQUAL(vt_rc_base(try_duplicate(ca.tr)), TPM2_RC_POLICY_FAIL);
	Esys_Free(pub);
}

/* Even a key made from the CA template plus a policy that allows
 * duplication cannot be duplicated: fixedParent alone forbids it. */
static void test_ca_template_forbids_duplication_even_when_policy_allows_it(void)
{
	const TPM2B_SENSITIVE_CREATE sensitive = { 0 };
	const TPML_PCR_SELECTION no_pcrs = { 0 };
	const TPM2B_DATA no_info = { 0 };
	TPM2B_DIGEST *policy = NULL;
	TPM2B_PUBLIC template;
	VT_LOADED(trial, tpm);
	VT_LOADED(key, tpm);

	CU_ASSERT_EQUAL_FATAL(vt_session_start(tpm, TPM2_SE_TRIAL, ESYS_TR_NONE, 0, &trial), 0);
	CU_ASSERT_EQUAL_FATAL(Esys_PolicyCommandCode(tpm->esys, trial.tr, ESYS_TR_NONE,
						     ESYS_TR_NONE, ESYS_TR_NONE,
						     TPM2_CC_Duplicate), 0);
	CU_ASSERT_EQUAL_FATAL(Esys_PolicyGetDigest(tpm->esys, trial.tr, ESYS_TR_NONE,
						   ESYS_TR_NONE, ESYS_TR_NONE, &policy), 0);
	vt_handle_flush(&trial);
	vt_template(VT_KEY_CA, &template, NULL);
	template.publicArea.authPolicy = *policy;
	Esys_Free(policy);
	CU_ASSERT_EQUAL_FATAL(Esys_CreatePrimary(tpm->esys, ESYS_TR_RH_OWNER, ESYS_TR_PASSWORD,
						 ESYS_TR_NONE, ESYS_TR_NONE, &sensitive,
						 &template, &no_info, &no_pcrs, &key.tr,
						 NULL, NULL, NULL, NULL), 0);
	CU_ASSERT_EQUAL(vt_rc_base(try_duplicate(key.tr)), TPM2_RC_ATTRIBUTES);
}

static void test_ca_operations_leave_nothing_loaded(void)
{
	uint8_t x[32], y[32], digest[32] = { 7 }, r[32], s[32];

	for (int i = 0; i < 10; i++) {
		CU_ASSERT_EQUAL(vt_ca_public(tpm, x, y), 0);
		CU_ASSERT_EQUAL(vt_ca_sign(tpm, digest, r, s), 0);
	}
	CU_ASSERT_EQUAL(fx_transient_objects(tpm), 0);
	CU_ASSERT_EQUAL(fx_loaded_sessions(tpm), 0);
}

static const struct vg_test tests[] = {
	VG_TEST(test_ca_signature_verifies_against_ca_public),
	VG_TEST(test_ca_signature_does_not_verify_for_another_digest),
	VG_TEST(test_ca_key_is_the_same_after_reopening_the_tpm),
	VG_TEST(test_ca_keys_of_two_tpms_differ),
	VG_TEST(test_ca_private_key_cannot_be_exported),
	VG_TEST(test_ca_template_forbids_duplication_even_when_policy_allows_it),
	VG_TEST(test_ca_operations_leave_nothing_loaded),
	VG_TESTS_END
};

int main(void)
{
	static const struct vg_suite suites[] = {
		{ "platform ca key", open_tpm, close_tpm, tests },
		{ NULL, NULL, NULL, NULL },
	};

	return vg_test_main(suites);
}
