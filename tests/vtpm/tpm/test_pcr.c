/* SPDX-License-Identifier: BSD-3-Clause */
/* PCRs of the sha256 bank: reset, extend, read. */
#include <errno.h>
#include <string.h>

#include "cunit_runner.h"
#include "tpm_fixture.h"

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

static void test_reset_pcr_reads_zeros(void)
{
	uint8_t d[32], v[32], zeros[32] = { 0 };

	memset(d, 0x5a, sizeof(d));
	CU_ASSERT_EQUAL(vt_pcr_extend(tpm, VT_PCR_GATEWAY, d), 0);
	CU_ASSERT_EQUAL(vt_pcr_read(tpm, VT_PCR_GATEWAY, v), 0);
	CU_ASSERT_NOT_EQUAL(memcmp(v, zeros, 32), 0);
	CU_ASSERT_EQUAL(vt_pcr_reset(tpm, VT_PCR_GATEWAY), 0);
	CU_ASSERT_EQUAL(vt_pcr_read(tpm, VT_PCR_GATEWAY, v), 0);
	CU_ASSERT_EQUAL(memcmp(v, zeros, 32), 0);
}

static void test_extend_is_sha256_of_old_value_and_digest(void)
{
	uint8_t old[32], d[32], cat[64], want[32], got[32];

	CU_ASSERT_EQUAL(vt_pcr_reset(tpm, VT_PCR_POLICY), 0);
	for (int i = 0; i < 3; i++) {
		memset(d, 0x10 + i, sizeof(d));
		CU_ASSERT_EQUAL(vt_pcr_read(tpm, VT_PCR_POLICY, old), 0);
		memcpy(cat, old, 32);
		memcpy(cat + 32, d, 32);
		fx_sha256(cat, sizeof(cat), want);
		CU_ASSERT_EQUAL(vt_pcr_extend(tpm, VT_PCR_POLICY, d), 0);
		CU_ASSERT_EQUAL(vt_pcr_read(tpm, VT_PCR_POLICY, got), 0);
		CU_ASSERT_EQUAL(memcmp(got, want, 32), 0);
	}
}

static void test_extending_one_pcr_leaves_others_alone(void)
{
	uint8_t before[32], after[32], d[32] = { 1 };

	CU_ASSERT_EQUAL(vt_pcr_read(tpm, VT_PCR_GATEWAY, before), 0);
	CU_ASSERT_EQUAL(vt_pcr_extend(tpm, VT_PCR_POLICY, d), 0);
	CU_ASSERT_EQUAL(vt_pcr_read(tpm, VT_PCR_GATEWAY, after), 0);
	CU_ASSERT_EQUAL(memcmp(before, after, 32), 0);
}

static void test_firmware_pcr_cannot_be_reset(void)
{
	CU_ASSERT_EQUAL(vt_pcr_reset(tpm, 0), -EPERM);
	CU_ASSERT_NOT_EQUAL(vt_tpm_last_rc(tpm), 0);
}

static void test_pcr_beyond_23_is_refused(void)
{
	uint8_t d[32] = { 0 };

	CU_ASSERT_EQUAL(vt_pcr_reset(tpm, VT_PCR_COUNT), -EINVAL);
	CU_ASSERT_EQUAL(vt_pcr_extend(tpm, VT_PCR_COUNT, d), -EINVAL);
	CU_ASSERT_EQUAL(vt_pcr_read(tpm, 1000, d), -EINVAL);
}

static const struct vg_test tests[] = {
	VG_TEST(test_reset_pcr_reads_zeros),
	VG_TEST(test_extend_is_sha256_of_old_value_and_digest),
	VG_TEST(test_extending_one_pcr_leaves_others_alone),
	VG_TEST(test_firmware_pcr_cannot_be_reset),
	VG_TEST(test_pcr_beyond_23_is_refused),
	VG_TESTS_END
};

int main(void)
{
	static const struct vg_suite suites[] = {
		{ "pcr", open_tpm, close_tpm, tests },
		{ NULL, NULL, NULL, NULL },
	};

	return vg_test_main(suites);
}
