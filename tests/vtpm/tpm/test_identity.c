/* SPDX-License-Identifier: BSD-3-Clause */
/* A guest vTPM's identity: a persistent EK and AK that survive restarts,
 * and credential activation, which releases a secret only to the TPM that
 * holds both the EK and the AK it was made for. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cunit_runner.h"
#include "tpm_fixture.h"
#include "tpm_internal.h"

static struct vt_tpm *guest, *other;

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

static void test_keys_before_provisioning_are_enoent(void)
{
	uint8_t x[32], y[32], name[VT_NAME_LEN];

	CU_ASSERT_EQUAL(vt_ek_public(guest, x, y, name), -ENOENT);
	CU_ASSERT_EQUAL(vt_ak_public(guest, x, y, name), -ENOENT);
}

static void test_ek_provisioning_is_idempotent(void)
{
	uint8_t x1[32], y1[32], x2[32], y2[32], x3[32], y3[32], name[VT_NAME_LEN];

	CU_ASSERT_EQUAL_FATAL(vt_ek_provision(guest, x1, y1), 0);
	CU_ASSERT_EQUAL_FATAL(vt_ek_provision(guest, x2, y2), 0);
	CU_ASSERT_EQUAL(memcmp(x1, x2, 32), 0);
	CU_ASSERT_EQUAL(memcmp(y1, y2, 32), 0);
	vt_tpm_close(guest);
	guest = fx_open(1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(guest);
	CU_ASSERT_EQUAL_FATAL(vt_ek_public(guest, x3, y3, name), 0);
	CU_ASSERT_EQUAL(memcmp(x1, x3, 32), 0);
	CU_ASSERT_EQUAL(memcmp(y1, y3, 32), 0);
	CU_ASSERT_EQUAL(name[0] << 8 | name[1], TPM2_ALG_SHA256);
}

/* The EK is a primary key of the endorsement seed: deriving it again from
 * the standard template gives the key that is persistent. */
static void test_persistent_ek_is_the_standard_template_key(void)
{
	TPM2B_PUBLIC *pub = NULL;
	uint8_t x[32], y[32], px[32], py[32];
	VT_LOADED(ek, guest);

	CU_ASSERT_EQUAL_FATAL(vt_ek_public(guest, px, py, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(vt_primary_create(guest, VT_KEY_EK, &ek, &pub), 0);
	CU_ASSERT_EQUAL(vt_point_out(pub, x, y), 0);
	CU_ASSERT_EQUAL(memcmp(x, px, 32), 0);
	CU_ASSERT_EQUAL(memcmp(y, py, 32), 0);
	CU_ASSERT_EQUAL(pub->publicArea.objectAttributes, 0x000300b2);
	Esys_Free(pub);
}

static void test_eks_of_two_tpms_differ(void)
{
	uint8_t x1[32], y1[32], x2[32], y2[32];

	CU_ASSERT_EQUAL_FATAL(vt_ek_provision(guest, x1, y1), 0);
	CU_ASSERT_EQUAL_FATAL(vt_ek_provision(other, x2, y2), 0);
	CU_ASSERT_NOT_EQUAL(memcmp(x1, x2, 32), 0);
}

static void test_ak_provisioning_is_idempotent(void)
{
	uint8_t x1[32], y1[32], n1[VT_NAME_LEN], x2[32], y2[32], n2[VT_NAME_LEN];
	uint8_t x3[32], y3[32], n3[VT_NAME_LEN];

	CU_ASSERT_EQUAL_FATAL(vt_ak_provision(guest, x1, y1, n1), 0);
	CU_ASSERT_EQUAL_FATAL(vt_ak_provision(guest, x2, y2, n2), 0);
	CU_ASSERT_EQUAL(memcmp(x1, x2, 32), 0);
	CU_ASSERT_EQUAL(memcmp(n1, n2, VT_NAME_LEN), 0);
	vt_tpm_close(guest);
	guest = fx_open(1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(guest);
	CU_ASSERT_EQUAL_FATAL(vt_ak_public(guest, x3, y3, n3), 0);
	CU_ASSERT_EQUAL(memcmp(x1, x3, 32), 0);
	CU_ASSERT_EQUAL(memcmp(y1, y3, 32), 0);
	CU_ASSERT_EQUAL(memcmp(n1, n3, VT_NAME_LEN), 0);
}

/* Wraps secret on the other TPM (playing the root) for (ek_x, ek_y) and
 * name. */
static void make(const uint8_t ek_x[32], const uint8_t ek_y[32], const uint8_t *name,
		 const uint8_t secret[32], struct vt_blob *cred, struct vt_blob *seed)
{
	CU_ASSERT_EQUAL_FATAL(vt_make_credential(other, ek_x, ek_y, name, VT_NAME_LEN,
						 secret, cred, seed), 0);
}

static void test_credential_activation_returns_the_secret(void)
{
	uint8_t ek_x[32], ek_y[32], ak_x[32], ak_y[32], name[VT_NAME_LEN];
	uint8_t secret[32], out[32] = { 0 };
	struct vt_blob cred, seed;

	CU_ASSERT_EQUAL_FATAL(vt_ek_public(guest, ek_x, ek_y, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(vt_ak_public(guest, ak_x, ak_y, name), 0);
	CU_ASSERT_EQUAL_FATAL(vt_random(other, secret, 32), 0);
	make(ek_x, ek_y, name, secret, &cred, &seed);
	CU_ASSERT_FALSE(fx_contains(cred.data, cred.len, secret, 8));
	CU_ASSERT_EQUAL(vt_activate_credential(guest, &cred, &seed, out), 0);
	CU_ASSERT_EQUAL(memcmp(out, secret, 32), 0);
}

static void test_credential_for_another_tpms_ek_is_refused(void)
{
	uint8_t ek_x[32], ek_y[32], ak_x[32], ak_y[32], name[VT_NAME_LEN];
	uint8_t secret[32] = "for the other TPM", out[32] = { 0 };
	struct vt_blob cred, seed;

	CU_ASSERT_EQUAL_FATAL(vt_ek_public(other, ek_x, ek_y, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(vt_ak_public(guest, ak_x, ak_y, name), 0);
	make(ek_x, ek_y, name, secret, &cred, &seed);
	CU_ASSERT_EQUAL(vt_activate_credential(guest, &cred, &seed, out), -EACCES);
	CU_ASSERT_NOT_EQUAL(memcmp(out, secret, 32), 0);
}

static void test_credential_for_another_ak_is_refused(void)
{
	uint8_t ek_x[32], ek_y[32], ak_x[32], ak_y[32], name[VT_NAME_LEN];
	uint8_t secret[32] = "for another AK", out[32] = { 0 };
	struct vt_blob cred, seed;

	CU_ASSERT_EQUAL_FATAL(vt_ek_public(guest, ek_x, ek_y, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(vt_ak_public(guest, ak_x, ak_y, name), 0);
	name[VT_NAME_LEN - 1] ^= 1;
	make(ek_x, ek_y, name, secret, &cred, &seed);
	CU_ASSERT_EQUAL(vt_activate_credential(guest, &cred, &seed, out), -EACCES);
	CU_ASSERT_NOT_EQUAL(memcmp(out, secret, 32), 0);
}

static void test_damaged_credential_is_refused(void)
{
	uint8_t ek_x[32], ek_y[32], ak_x[32], ak_y[32], name[VT_NAME_LEN];
	uint8_t secret[32] = "damaged on the way", out[32];
	struct vt_blob cred, seed, bad;

	CU_ASSERT_EQUAL_FATAL(vt_ek_public(guest, ek_x, ek_y, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(vt_ak_public(guest, ak_x, ak_y, name), 0);
	make(ek_x, ek_y, name, secret, &cred, &seed);
	/* Past the size fields: the HMAC, the encrypted secret, the point. */
	for (size_t i = 4; i < cred.len; i += 7) {
		bad = cred;
		bad.data[i] ^= 1;
		CU_ASSERT_EQUAL(vt_activate_credential(guest, &bad, &seed, out), -EACCES);
	}
	for (size_t i = 4; i < seed.len; i += 7) {
		bad = seed;
		bad.data[i] ^= 1;
		CU_ASSERT_EQUAL(vt_activate_credential(guest, &cred, &bad, out), -EACCES);
	}
	CU_ASSERT_EQUAL(fx_transient_objects(guest), 0);
	CU_ASSERT_EQUAL(fx_loaded_sessions(guest), 0);
}

static void test_malformed_credential_blobs_are_refused(void)
{
	uint8_t ek_x[32], ek_y[32], ak_x[32], ak_y[32], name[VT_NAME_LEN];
	uint8_t secret[32] = "malformed", out[32];
	struct vt_blob cred, seed, bad;

	CU_ASSERT_EQUAL_FATAL(vt_ek_public(guest, ek_x, ek_y, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(vt_ak_public(guest, ak_x, ak_y, name), 0);
	make(ek_x, ek_y, name, secret, &cred, &seed);
	for (size_t n = 0; n < cred.len; n++) {
		bad = cred;
		bad.len = n;
		CU_ASSERT_EQUAL(vt_activate_credential(guest, &bad, &seed, out), -EBADMSG);
	}
	for (size_t n = 0; n < seed.len; n++) {
		bad = seed;
		bad.len = n;
		CU_ASSERT_EQUAL(vt_activate_credential(guest, &cred, &bad, out), -EBADMSG);
	}
	bad = cred;
	bad.len++;
	CU_ASSERT_EQUAL(vt_activate_credential(guest, &bad, &seed, out), -EBADMSG);
	bad.len = VT_BLOB_MAX + 1;
	CU_ASSERT_EQUAL(vt_activate_credential(guest, &bad, &seed, out), -EBADMSG);
	bad = cred;
	bad.data[0] = 0xff;             /* size beyond the TPM2B */
	CU_ASSERT_EQUAL(vt_activate_credential(guest, &bad, &seed, out), -EBADMSG);
}

static void test_make_credential_refuses_bad_ek_or_name(void)
{
	uint8_t ek_x[32], ek_y[32], name[VT_NAME_LEN] = { 0, 0x0b }, secret[32] = { 1 };
	struct vt_blob cred, seed;

	CU_ASSERT_EQUAL_FATAL(vt_ek_public(guest, ek_x, ek_y, NULL), 0);
	ek_y[31] ^= 1;                  /* off the curve */
	CU_ASSERT_EQUAL(vt_make_credential(other, ek_x, ek_y, name, VT_NAME_LEN, secret,
					   &cred, &seed), -EINVAL);
	ek_y[31] ^= 1;
	CU_ASSERT_EQUAL(vt_make_credential(other, ek_x, ek_y, name, 1, secret,
					   &cred, &seed), -EINVAL);
	CU_ASSERT_EQUAL(vt_make_credential(other, ek_x, ek_y, name, 1000, secret,
					   &cred, &seed), -EINVAL);
	CU_ASSERT_EQUAL(fx_transient_objects(other), 0);
}

static void test_activation_without_an_ak_is_enoent(void)
{
	uint8_t ek_x[32], ek_y[32], name[VT_NAME_LEN] = { 0, 0x0b }, secret[32] = { 1 };
	uint8_t out[32];
	struct vt_blob cred, seed;

	CU_ASSERT_EQUAL_FATAL(vt_ek_public(other, ek_x, ek_y, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(vt_make_credential(guest, ek_x, ek_y, name, VT_NAME_LEN,
						 secret, &cred, &seed), 0);
	CU_ASSERT_EQUAL(vt_activate_credential(other, &cred, &seed, out), -ENOENT);
}

static void test_handle_holding_another_key_is_not_taken_for_the_ak(void)
{
	uint8_t x[32], y[32], name[VT_NAME_LEN];
	VT_LOADED(srk, other);

	CU_ASSERT_EQUAL_FATAL(vt_primary_create(other, VT_KEY_SRK, &srk, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(vt_persist(other, srk.tr, VT_AK_HANDLE), 0);
	CU_ASSERT_EQUAL(vt_ak_public(other, x, y, name), -EEXIST);
	CU_ASSERT_EQUAL(vt_ak_provision(other, x, y, name), -EEXIST);
}

/* Recorded between each TPM and its process: the credential goes by, the
 * secret never does, on the root's side nor on the guest's. */
static void test_credential_secret_never_crosses_either_bus_in_clear(void)
{
	const uint8_t secret[32] = "the secret of one activation...";
	uint8_t ek_x[32], ek_y[32], ak_x[32], ak_y[32], name[VT_NAME_LEN], out[32];
	char guest_path[PATH_MAX], root_path[PATH_MAX];
	struct vt_tpm *rec_guest, *rec_root;
	struct vt_blob cred, seed;

	vt_tpm_close(guest);
	vt_tpm_close(other);
	rec_guest = fx_open_recorded(1, guest_path);
	rec_root = fx_open_recorded(2, root_path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rec_guest);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rec_root);
	CU_ASSERT_EQUAL(vt_ek_public(rec_guest, ek_x, ek_y, NULL), 0);
	CU_ASSERT_EQUAL(vt_ak_public(rec_guest, ak_x, ak_y, name), 0);
	CU_ASSERT_EQUAL(vt_make_credential(rec_root, ek_x, ek_y, name, VT_NAME_LEN, secret,
					   &cred, &seed), 0);
	CU_ASSERT_EQUAL(vt_activate_credential(rec_guest, &cred, &seed, out), 0);
	CU_ASSERT_EQUAL(memcmp(out, secret, 32), 0);
	vt_tpm_close(rec_guest);
	vt_tpm_close(rec_root);
	guest = fx_open(1);
	other = fx_open(2);

	for (int i = 0; i < 2; i++) {
		size_t len = 0;
		uint8_t *bus = fx_read_file(i ? root_path : guest_path, &len);

		CU_ASSERT_PTR_NOT_NULL_FATAL(bus);
		CU_ASSERT_TRUE(fx_contains(bus, len, cred.data + cred.len - 16, 16));
		for (size_t j = 0; j + 8 <= sizeof(secret); j++)
			CU_ASSERT_FALSE(fx_contains(bus, len, secret + j, 8));
		free(bus);
	}
}

static void test_identity_operations_leave_nothing_loaded(void)
{
	uint8_t ek_x[32], ek_y[32], ak_x[32], ak_y[32], name[VT_NAME_LEN];
	uint8_t secret[32] = "loop", out[32];
	struct vt_blob cred, seed;

	for (int i = 0; i < 10; i++) {
		CU_ASSERT_EQUAL(vt_ek_provision(guest, ek_x, ek_y), 0);
		CU_ASSERT_EQUAL(vt_ak_provision(guest, ak_x, ak_y, name), 0);
		make(ek_x, ek_y, name, secret, &cred, &seed);
		CU_ASSERT_EQUAL(vt_activate_credential(guest, &cred, &seed, out), 0);
	}
	CU_ASSERT_EQUAL(fx_transient_objects(guest), 0);
	CU_ASSERT_EQUAL(fx_loaded_sessions(guest), 0);
	CU_ASSERT_EQUAL(fx_transient_objects(other), 0);
	CU_ASSERT_EQUAL(fx_loaded_sessions(other), 0);
}

static const struct vg_test tests[] = {
	VG_TEST(test_keys_before_provisioning_are_enoent),
	VG_TEST(test_ek_provisioning_is_idempotent),
	VG_TEST(test_persistent_ek_is_the_standard_template_key),
	VG_TEST(test_eks_of_two_tpms_differ),
	VG_TEST(test_ak_provisioning_is_idempotent),
	VG_TEST(test_credential_activation_returns_the_secret),
	VG_TEST(test_credential_for_another_tpms_ek_is_refused),
	VG_TEST(test_credential_for_another_ak_is_refused),
	VG_TEST(test_damaged_credential_is_refused),
	VG_TEST(test_malformed_credential_blobs_are_refused),
	VG_TEST(test_make_credential_refuses_bad_ek_or_name),
	VG_TEST(test_activation_without_an_ak_is_enoent),
	VG_TEST(test_handle_holding_another_key_is_not_taken_for_the_ak),
	VG_TEST(test_credential_secret_never_crosses_either_bus_in_clear),
	VG_TEST(test_identity_operations_leave_nothing_loaded),
	VG_TESTS_END
};

int main(void)
{
	static const struct vg_suite suites[] = {
		{ "guest identity", open_tpms, close_tpms, tests },
		{ NULL, NULL, NULL, NULL },
	};

	return vg_test_main(suites);
}
