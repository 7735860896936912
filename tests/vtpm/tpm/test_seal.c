/* SPDX-License-Identifier: BSD-3-Clause */
/* Sealing secrets to a PCR: only this TPM, while the PCR holds the sealed
 * value, gives them back; any damage to the blob is refused cleanly. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunit_runner.h"
#include "seal_blob.h"
#include "tpm_fixture.h"

static struct vt_tpm *tpm;

/* The gateway's start: PCR 23 reset, then extended with "binaries". */
static void measure_gateway(struct vt_tpm *t, const char *binary)
{
	uint8_t d[32];

	CU_ASSERT_EQUAL_FATAL(vt_pcr_reset(t, VT_PCR_GATEWAY), 0);
	fx_sha256(binary, strlen(binary), d);
	CU_ASSERT_EQUAL_FATAL(vt_pcr_extend(t, VT_PCR_GATEWAY, d), 0);
}

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

/* A sealed blob of a fresh random 32-byte secret (into secret). */
static void seal_random(struct vt_blob *blob, uint8_t secret[32])
{
	CU_ASSERT_EQUAL_FATAL(vt_random(tpm, secret, 32), 0);
	CU_ASSERT_EQUAL_FATAL(vt_seal(tpm, secret, 32, VT_PCR_GATEWAY, blob), 0);
}

static void test_seal_then_unseal_returns_the_secret(void)
{
	static const size_t lens[] = { 1, 32, VT_SEAL_MAX };
	uint8_t secret[VT_SEAL_MAX], out[VT_SEAL_MAX];
	struct vt_blob blob;

	measure_gateway(tpm, "vmgate-dataplane 1");
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		size_t len = 0;

		CU_ASSERT_EQUAL_FATAL(vt_random(tpm, secret, lens[i]), 0);
		CU_ASSERT_EQUAL_FATAL(vt_seal(tpm, secret, lens[i], VT_PCR_GATEWAY, &blob), 0);
		memset(out, 0, sizeof(out));
		CU_ASSERT_EQUAL(vt_unseal(tpm, &blob, out, &len), 0);
		CU_ASSERT_EQUAL(len, lens[i]);
		CU_ASSERT_EQUAL(memcmp(out, secret, lens[i]), 0);
	}
}

static void test_seal_to_the_policy_pcr(void)
{
	uint8_t secret[16] = "policy key 0123", out[VT_SEAL_MAX], d[32] = { 9 };
	struct vt_blob blob;
	size_t len = 0;

	CU_ASSERT_EQUAL_FATAL(vt_pcr_reset(tpm, VT_PCR_POLICY), 0);
	CU_ASSERT_EQUAL_FATAL(vt_pcr_extend(tpm, VT_PCR_POLICY, d), 0);
	CU_ASSERT_EQUAL_FATAL(vt_seal(tpm, secret, sizeof(secret), VT_PCR_POLICY, &blob), 0);
	CU_ASSERT_EQUAL(vt_unseal(tpm, &blob, out, &len), 0);
	CU_ASSERT_EQUAL(len, sizeof(secret));
	CU_ASSERT_EQUAL(vt_pcr_extend(tpm, VT_PCR_POLICY, d), 0);
	CU_ASSERT_EQUAL(vt_unseal(tpm, &blob, out, &len), -EACCES);
}

static void test_seal_refuses_empty_oversized_and_unknown_pcr(void)
{
	uint8_t secret[VT_SEAL_MAX + 1] = { 0 };
	struct vt_blob blob;

	CU_ASSERT_EQUAL(vt_seal(tpm, secret, 0, VT_PCR_GATEWAY, &blob), -EINVAL);
	CU_ASSERT_EQUAL(vt_seal(tpm, secret, VT_SEAL_MAX + 1, VT_PCR_GATEWAY, &blob), -EINVAL);
	CU_ASSERT_EQUAL(vt_seal(tpm, secret, 8, VT_PCR_COUNT, &blob), -EINVAL);
}

static void test_sealed_blob_holds_no_clear_copy_of_the_secret(void)
{
	uint8_t secret[32];
	struct vt_blob blob;

	measure_gateway(tpm, "vmgate-dataplane 1");
	seal_random(&blob, secret);
	/* Not the secret, nor any 8 bytes of it. */
	for (size_t i = 0; i + 8 <= sizeof(secret); i++)
		CU_ASSERT_FALSE(fx_contains(blob.data, blob.len, secret + i, 8));
}

static void test_unseal_is_refused_after_the_pcr_is_extended(void)
{
	uint8_t secret[32], out[VT_SEAL_MAX], d[32] = { 0xee };
	struct vt_blob blob;
	size_t len = 0;

	measure_gateway(tpm, "vmgate-dataplane 1");
	seal_random(&blob, secret);
	CU_ASSERT_EQUAL_FATAL(vt_pcr_extend(tpm, VT_PCR_GATEWAY, d), 0);
	memset(out, 0, sizeof(out));
	CU_ASSERT_EQUAL(vt_unseal(tpm, &blob, out, &len), -EACCES);
	CU_ASSERT_FALSE(fx_contains(out, sizeof(out), secret, 8));
}

static void test_unseal_is_refused_for_other_measurements(void)
{
	uint8_t secret[32], out[VT_SEAL_MAX];
	struct vt_blob blob;
	size_t len = 0;

	measure_gateway(tpm, "vmgate-dataplane 1");
	seal_random(&blob, secret);
	measure_gateway(tpm, "vmgate-dataplane 2 (tampered)");
	CU_ASSERT_EQUAL(vt_unseal(tpm, &blob, out, &len), -EACCES);
	/* The same measurements again: the sealed value holds again. */
	measure_gateway(tpm, "vmgate-dataplane 1");
	CU_ASSERT_EQUAL(vt_unseal(tpm, &blob, out, &len), 0);
	CU_ASSERT_EQUAL(memcmp(out, secret, 32), 0);
}

/* The sealed object answers only to its PCR policy: its (empty) password
 * does not unseal it. */
static void test_sealed_object_cannot_be_unsealed_with_its_password(void)
{
	TPM2B_SENSITIVE_DATA *data = NULL;
	uint8_t secret[32];
	struct vt_blob blob;
	TPM2B_PRIVATE priv;
	TPM2B_PUBLIC pub;
	VT_LOADED(srk, tpm);
	VT_LOADED(obj, tpm);
	uint32_t pcr;
	TSS2_RC rc;

	measure_gateway(tpm, "vmgate-dataplane 1");
	seal_random(&blob, secret);
	CU_ASSERT_EQUAL_FATAL(vt_seal_blob_read(&blob, &pcr, &pub, &priv), 0);
	CU_ASSERT_EQUAL(pcr, VT_PCR_GATEWAY);
	CU_ASSERT_FALSE(pub.publicArea.objectAttributes & TPMA_OBJECT_USERWITHAUTH);
	CU_ASSERT_EQUAL_FATAL(vt_primary_create(tpm, VT_KEY_SRK, &srk, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(Esys_Load(tpm->esys, srk.tr, ESYS_TR_PASSWORD, ESYS_TR_NONE,
					ESYS_TR_NONE, &priv, &pub, &obj.tr), 0);
	rc = Esys_Unseal(tpm->esys, obj.tr, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
			 &data);
	CU_ASSERT_EQUAL(vt_rc_base(rc), TPM2_RC_AUTH_UNAVAILABLE);
	CU_ASSERT_PTR_NULL(data);
	Esys_Free(data);
}

static void test_every_flipped_byte_is_refused(void)
{
	uint8_t secret[32], out[VT_SEAL_MAX];
	struct vt_blob blob, bad;

	measure_gateway(tpm, "vmgate-dataplane 1");
	seal_random(&blob, secret);
	for (size_t i = 0; i < blob.len; i++) {
		size_t len = 0;
		int r;

		bad = blob;
		bad.data[i] ^= 0x01;
		r = vt_unseal(tpm, &bad, out, &len);
		/* Byte 5 names the PCR: another PCR fails the policy. */
		if (r != -EBADMSG && !(i == 5 && r == -EACCES)) {
			CU_FAIL("a flipped byte was not refused as it should be");
			fprintf(stderr, "byte %zu of %zu: %d\n", i, blob.len, r);
		}
	}
	CU_ASSERT_EQUAL(fx_transient_objects(tpm), 0);
	CU_ASSERT_EQUAL(fx_loaded_sessions(tpm), 0);
}

/* A blob that passes every length check but whose encrypted private part
 * was changed reaches the TPM, which refuses it by its integrity check. */
static void test_tampered_private_part_fails_the_tpms_integrity_check(void)
{
	uint8_t secret[32], out[VT_SEAL_MAX];
	struct vt_blob blob;
	size_t len;

	measure_gateway(tpm, "vmgate-dataplane 1");
	seal_random(&blob, secret);
	blob.data[blob.len - 1] ^= 0x01;
	CU_ASSERT_EQUAL(vt_unseal(tpm, &blob, out, &len), -EBADMSG);
	CU_ASSERT_EQUAL(vt_rc_base(vt_tpm_last_rc(tpm)), TPM2_RC_INTEGRITY);
}

static void test_every_truncation_and_extension_is_malformed(void)
{
	uint8_t secret[32], out[VT_SEAL_MAX];
	struct vt_blob blob, bad;
	size_t len;

	measure_gateway(tpm, "vmgate-dataplane 1");
	seal_random(&blob, secret);
	for (size_t n = 0; n < blob.len; n++) {
		bad = blob;
		bad.len = n;
		if (vt_unseal(tpm, &bad, out, &len) != -EBADMSG) {
			CU_FAIL("a truncated blob was not refused as malformed");
			fprintf(stderr, "truncated to %zu of %zu\n", n, blob.len);
		}
	}
	bad = blob;
	bad.len++;
	CU_ASSERT_EQUAL(vt_unseal(tpm, &bad, out, &len), -EBADMSG);
	bad.len = VT_BLOB_MAX + 1;
	CU_ASSERT_EQUAL(vt_unseal(tpm, &bad, out, &len), -EBADMSG);
	bad.len = (size_t)-1;
	CU_ASSERT_EQUAL(vt_unseal(tpm, &bad, out, &len), -EBADMSG);
}

static void test_blob_sealed_by_another_tpm_is_refused(void)
{
	struct vt_tpm *other = fx_open(2);
	uint8_t secret[32] = "sealed on the other TPM", out[VT_SEAL_MAX];
	struct vt_blob blob;
	size_t len;

	CU_ASSERT_PTR_NOT_NULL_FATAL(other);
	measure_gateway(tpm, "vmgate-dataplane 1");
	measure_gateway(other, "vmgate-dataplane 1");
	CU_ASSERT_EQUAL_FATAL(vt_seal(other, secret, 32, VT_PCR_GATEWAY, &blob), 0);
	CU_ASSERT_EQUAL(vt_unseal(other, &blob, out, &len), 0);
	CU_ASSERT_EQUAL(vt_unseal(tpm, &blob, out, &len), -EBADMSG);
	vt_tpm_close(other);
}

/* Recorded between this process and the TPM: the sealed blob goes by, the
 * secret never does (a session salted with the SRK encrypts it both ways). */
static void test_secret_never_crosses_the_bus_in_clear(void)
{
	const uint8_t secret[32] = "a distinctive secret, 32 bytes!";
	uint8_t out[VT_SEAL_MAX], *bus;
	char path[PATH_MAX];
	struct vt_blob blob;
	size_t len = 0, bus_len = 0;
	struct vt_tpm *rec;

	vt_tpm_close(tpm);
	rec = fx_open_recorded(1, path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rec);
	measure_gateway(rec, "vmgate-dataplane 1");
	CU_ASSERT_EQUAL(vt_seal(rec, secret, sizeof(secret), VT_PCR_GATEWAY, &blob), 0);
	CU_ASSERT_EQUAL(vt_unseal(rec, &blob, out, &len), 0);
	CU_ASSERT_EQUAL(memcmp(out, secret, sizeof(secret)), 0);
	vt_tpm_close(rec);
	tpm = fx_open(1);

	bus = fx_read_file(path, &bus_len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(bus);
	CU_ASSERT_TRUE(fx_contains(bus, bus_len, blob.data + blob.len - 16, 16));
	for (size_t i = 0; i + 8 <= sizeof(secret); i++)
		CU_ASSERT_FALSE(fx_contains(bus, bus_len, secret + i, 8));
	free(bus);
}

static void test_ten_seals_and_unseals_leave_nothing_loaded(void)
{
	uint8_t secret[32], out[VT_SEAL_MAX];
	struct vt_blob blob;
	size_t len;

	measure_gateway(tpm, "vmgate-dataplane 1");
	for (int i = 0; i < 10; i++) {
		seal_random(&blob, secret);
		CU_ASSERT_EQUAL(vt_unseal(tpm, &blob, out, &len), 0);
		CU_ASSERT_EQUAL(fx_transient_objects(tpm), 0);
		CU_ASSERT_EQUAL(fx_loaded_sessions(tpm), 0);
	}
	/* Failing unseals too. */
	CU_ASSERT_EQUAL(vt_pcr_extend(tpm, VT_PCR_GATEWAY, secret), 0);
	for (int i = 0; i < 10; i++)
		CU_ASSERT_EQUAL(vt_unseal(tpm, &blob, out, &len), -EACCES);
	CU_ASSERT_EQUAL(fx_transient_objects(tpm), 0);
	CU_ASSERT_EQUAL(fx_loaded_sessions(tpm), 0);
}

static const struct vg_test tests[] = {
	VG_TEST(test_seal_then_unseal_returns_the_secret),
	VG_TEST(test_seal_to_the_policy_pcr),
	VG_TEST(test_seal_refuses_empty_oversized_and_unknown_pcr),
	VG_TEST(test_sealed_blob_holds_no_clear_copy_of_the_secret),
	VG_TEST(test_unseal_is_refused_after_the_pcr_is_extended),
	VG_TEST(test_unseal_is_refused_for_other_measurements),
	VG_TEST(test_sealed_object_cannot_be_unsealed_with_its_password),
	VG_TEST(test_every_flipped_byte_is_refused),
	VG_TEST(test_tampered_private_part_fails_the_tpms_integrity_check),
	VG_TEST(test_every_truncation_and_extension_is_malformed),
	VG_TEST(test_blob_sealed_by_another_tpm_is_refused),
	VG_TEST(test_secret_never_crosses_the_bus_in_clear),
	VG_TEST(test_ten_seals_and_unseals_leave_nothing_loaded),
	VG_TESTS_END
};

int main(void)
{
	static const struct vg_suite suites[] = {
		{ "sealing", open_tpm, close_tpm, tests },
		{ NULL, NULL, NULL, NULL },
	};

	return vg_test_main(suites);
}
