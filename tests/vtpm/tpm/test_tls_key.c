/* SPDX-License-Identifier: BSD-3-Clause */
/* A guest's TLS key in its vTPM: persistent, the same key at every
 * provisioning, a key of its own (not the AK), and its signatures verify
 * with wolfCrypt for the digest signed and no other. */
#include <errno.h>
#include <string.h>

#include "cunit_runner.h"
#include "tpm_fixture.h"
#include "tpm_internal.h"

static struct vt_tpm *guest, *other;
static const uint8_t transcript[] = "ClientHello...ServerHello...Certificate";

static int open_tpms(void)
{
	guest = fx_open(1);
	other = fx_open(2);
	return guest && other ? 0 : -1;
}

static int close_tpms(void)
{
	vt_tpm_close(guest);
	vt_tpm_close(other);
	return 0;
}

static void test_tls_key_before_provisioning_is_enoent(void)
{
	uint8_t x[32], y[32], d[32] = { 1 }, r[32], s[32];

	CU_ASSERT_EQUAL(vt_tls_key_public(guest, x, y), -ENOENT);
	CU_ASSERT_EQUAL(vt_tls_sign(guest, d, sizeof(d), r, s), -ENOENT);
}

static void test_tls_key_provisioning_is_idempotent(void)
{
	uint8_t x1[32], y1[32], x2[32], y2[32], x3[32], y3[32];

	CU_ASSERT_EQUAL_FATAL(vt_tls_key_provision(guest, x1, y1), 0);
	CU_ASSERT_EQUAL_FATAL(vt_tls_key_provision(guest, x2, y2), 0);
	CU_ASSERT_EQUAL(memcmp(x1, x2, 32), 0);
	CU_ASSERT_EQUAL(memcmp(y1, y2, 32), 0);
	vt_tpm_close(guest);
	guest = fx_open(1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(guest);
	CU_ASSERT_EQUAL_FATAL(vt_tls_key_public(guest, x3, y3), 0);
	CU_ASSERT_EQUAL(memcmp(x1, x3, 32), 0);
	CU_ASSERT_EQUAL(memcmp(y1, y3, 32), 0);
}

/* The key is an unrestricted signing key: it must not be the AK, which
 * signs only what the TPM produced. */
static void test_tls_key_is_not_the_ak(void)
{
	uint8_t tx[32], ty[32], ax[32], ay[32], name[VT_NAME_LEN];

	CU_ASSERT_EQUAL_FATAL(vt_tls_key_public(guest, tx, ty), 0);
	CU_ASSERT_EQUAL_FATAL(vt_ak_provision(guest, ax, ay, name), 0);
	CU_ASSERT_NOT_EQUAL(memcmp(tx, ax, 32), 0);
	CU_ASSERT_EQUAL(vt_ak_public(guest, tx, ty, NULL), 0);
	CU_ASSERT_EQUAL(memcmp(tx, ax, 32), 0);
}

static void test_tls_keys_of_two_tpms_differ(void)
{
	uint8_t x1[32], y1[32], x2[32], y2[32];

	CU_ASSERT_EQUAL_FATAL(vt_tls_key_public(guest, x1, y1), 0);
	CU_ASSERT_EQUAL_FATAL(vt_tls_key_provision(other, x2, y2), 0);
	CU_ASSERT_NOT_EQUAL(memcmp(x1, x2, 32), 0);
}

static void test_signature_verifies_for_the_digest_signed_only(void)
{
	uint8_t x[32], y[32], d[32], d2[32], r[32], s[32];

	CU_ASSERT_EQUAL_FATAL(vt_tls_key_public(guest, x, y), 0);
	fx_sha256(transcript, sizeof(transcript), d);
	CU_ASSERT_EQUAL_FATAL(vt_tls_sign(guest, d, sizeof(d), r, s), 0);
	CU_ASSERT_TRUE(fx_ecdsa_ok(x, y, d, r, s));

	memcpy(d2, d, 32);
	d2[31] ^= 1;
	CU_ASSERT_FALSE(fx_ecdsa_ok(x, y, d2, r, s));
	fx_sha256("another transcript", 18, d2);
	CU_ASSERT_FALSE(fx_ecdsa_ok(x, y, d2, r, s));
}

static void test_signature_is_not_valid_for_another_tpms_key(void)
{
	uint8_t x[32], y[32], d[32], r[32], s[32];

	CU_ASSERT_EQUAL_FATAL(vt_tls_key_public(other, x, y), 0);
	fx_sha256(transcript, sizeof(transcript), d);
	CU_ASSERT_EQUAL_FATAL(vt_tls_sign(guest, d, sizeof(d), r, s), 0);
	CU_ASSERT_FALSE(fx_ecdsa_ok(x, y, d, r, s));
}

/* ECDSA signatures are randomised: two of one digest differ, both valid. */
static void test_two_signatures_of_one_digest_both_verify(void)
{
	uint8_t x[32], y[32], d[32], r1[32], s1[32], r2[32], s2[32];

	CU_ASSERT_EQUAL_FATAL(vt_tls_key_public(guest, x, y), 0);
	fx_sha256(transcript, sizeof(transcript), d);
	CU_ASSERT_EQUAL_FATAL(vt_tls_sign(guest, d, 32, r1, s1), 0);
	CU_ASSERT_EQUAL_FATAL(vt_tls_sign(guest, d, 32, r2, s2), 0);
	CU_ASSERT_NOT_EQUAL(memcmp(r1, r2, 32), 0);
	CU_ASSERT_TRUE(fx_ecdsa_ok(x, y, d, r1, s1));
	CU_ASSERT_TRUE(fx_ecdsa_ok(x, y, d, r2, s2));
}

static void test_digest_of_another_length_is_einval(void)
{
	static const size_t lens[] = { 0, 20, 31, 33, 48, 64 };
	uint8_t d[64] = { 7 }, r[32], s[32];

	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		CU_ASSERT_EQUAL(vt_tls_sign(guest, d, lens[i], r, s), -EINVAL);
	CU_ASSERT_EQUAL(vt_tls_sign(guest, NULL, 32, r, s), -EINVAL);
	CU_ASSERT_EQUAL(vt_tls_sign(NULL, d, 32, r, s), -EINVAL);
	CU_ASSERT_EQUAL(vt_tls_key_provision(guest, NULL, s), -EINVAL);
}

/* Removes the persistent object at handle, if any. */
static void evict(struct vt_tpm *t, TPM2_HANDLE handle)
{
	VT_PERSISTENT(obj, t);
	ESYS_TR gone = ESYS_TR_NONE;

	if (vt_persistent_open(t, handle, &obj) < 0)
		return;
	CU_ASSERT_EQUAL(Esys_EvictControl(t->esys, ESYS_TR_RH_OWNER, obj.tr,
					  ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
					  handle, &gone), TSS2_RC_SUCCESS);
}

/* Another key at the TLS handle is refused, never used to sign and never
 * replaced. */
static void test_handle_holding_another_key_is_not_taken_for_the_tls_key(void)
{
	uint8_t x[32], y[32], d[32] = { 3 }, r[32], s[32];
	VT_LOADED(srk, other);

	evict(other, VT_TLS_HANDLE);
	CU_ASSERT_EQUAL(vt_tls_key_public(other, x, y), -ENOENT);
	CU_ASSERT_EQUAL_FATAL(vt_primary_create(other, VT_KEY_SRK, &srk, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(vt_persist(other, srk.tr, VT_TLS_HANDLE), 0);
	CU_ASSERT_EQUAL(vt_tls_key_public(other, x, y), -EEXIST);
	CU_ASSERT_EQUAL(vt_tls_key_provision(other, x, y), -EEXIST);
	CU_ASSERT_EQUAL(vt_tls_sign(other, d, sizeof(d), r, s), -EEXIST);
}

static void test_tls_operations_leave_nothing_loaded(void)
{
	uint8_t x[32], y[32], d[32], r[32], s[32];

	fx_sha256(transcript, sizeof(transcript), d);
	for (int i = 0; i < 10; i++) {
		CU_ASSERT_EQUAL(vt_tls_key_provision(guest, x, y), 0);
		CU_ASSERT_EQUAL(vt_tls_key_public(guest, x, y), 0);
		CU_ASSERT_EQUAL(vt_tls_sign(guest, d, sizeof(d), r, s), 0);
	}
	CU_ASSERT_EQUAL(fx_transient_objects(guest), 0);
	CU_ASSERT_EQUAL(fx_loaded_sessions(guest), 0);
	CU_ASSERT_EQUAL(fx_transient_objects(other), 0);
	CU_ASSERT_EQUAL(fx_loaded_sessions(other), 0);
}

static const struct vg_test tests[] = {
	VG_TEST(test_tls_key_before_provisioning_is_enoent),
	VG_TEST(test_tls_key_provisioning_is_idempotent),
	VG_TEST(test_tls_key_is_not_the_ak),
	VG_TEST(test_tls_keys_of_two_tpms_differ),
	VG_TEST(test_signature_verifies_for_the_digest_signed_only),
	VG_TEST(test_signature_is_not_valid_for_another_tpms_key),
	VG_TEST(test_two_signatures_of_one_digest_both_verify),
	VG_TEST(test_digest_of_another_length_is_einval),
	VG_TEST(test_handle_holding_another_key_is_not_taken_for_the_tls_key),
	VG_TEST(test_tls_operations_leave_nothing_loaded),
	VG_TESTS_END
};

int main(void)
{
	static const struct vg_suite suites[] = {
		{ "guest TLS key", open_tpms, close_tpms, tests },
		{ NULL, NULL, NULL, NULL },
	};

	return vg_test_main(suites);
}
