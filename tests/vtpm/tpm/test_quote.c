/* SPDX-License-Identifier: BSD-3-Clause */
/* Quotes: made by the root AK or a guest's persistent AK, verified in
 * software, and every way a quote can be wrong or hostile is refused with
 * its own error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunit_runner.h"
#include "tpm_fixture.h"

static struct vt_tpm *tpm;
static uint8_t ak_x[32], ak_y[32];
static const uint8_t nonce[32] = "fresh nonce from the verifier..";
static const uint32_t both[2] = { VT_PCR_POLICY, VT_PCR_GATEWAY };

/* The values of PCRs 16 and 23, in that order. */
static void read_both(uint8_t values[2][32])
{
	CU_ASSERT_EQUAL_FATAL(vt_pcr_read(tpm, VT_PCR_POLICY, values[0]), 0);
	CU_ASSERT_EQUAL_FATAL(vt_pcr_read(tpm, VT_PCR_GATEWAY, values[1]), 0);
}

static void quote_both(struct vt_quote *q)
{
	CU_ASSERT_EQUAL_FATAL(vt_quote(tpm, 0, both, 2, nonce, sizeof(nonce), q), 0);
}

static int open_tpm(void)
{
	uint8_t d[32];

	tpm = fx_open(1);
	if (!tpm || vt_root_ak_public(tpm, ak_x, ak_y) < 0)
		return -1;
	fx_sha256("vmgate-dataplane", 16, d);
	if (vt_pcr_reset(tpm, VT_PCR_GATEWAY) < 0 || vt_pcr_extend(tpm, VT_PCR_GATEWAY, d) < 0)
		return -1;
	fx_sha256("policy.conf", 11, d);
	if (vt_pcr_reset(tpm, VT_PCR_POLICY) < 0 || vt_pcr_extend(tpm, VT_PCR_POLICY, d) < 0)
		return -1;
	return 0;
}

static int close_tpm(void)
{
	vt_tpm_close(tpm);
	return 0;
}

static void test_root_quote_verifies(void)
{
	uint8_t values[2][32];
	struct vt_quote q;

	read_both(values);
	quote_both(&q);
	CU_ASSERT_EQUAL(vt_quote_verify(ak_x, ak_y, &q, nonce, sizeof(nonce), both, 2,
					(const uint8_t (*)[32])values), 0);
}

static void test_pcrs_may_be_listed_in_any_order(void)
{
	const uint32_t reversed[2] = { VT_PCR_GATEWAY, VT_PCR_POLICY };
	uint8_t values[2][32], rev_values[2][32];
	struct vt_quote q;

	read_both(values);
	memcpy(rev_values[0], values[1], 32);
	memcpy(rev_values[1], values[0], 32);
	CU_ASSERT_EQUAL_FATAL(vt_quote(tpm, 0, reversed, 2, NULL, 0, &q), 0);
	CU_ASSERT_EQUAL(vt_quote_verify(ak_x, ak_y, &q, NULL, 0, both, 2,
					(const uint8_t (*)[32])values), 0);
	CU_ASSERT_EQUAL(vt_quote_verify(ak_x, ak_y, &q, NULL, 0, reversed, 2,
					(const uint8_t (*)[32])rev_values), 0);
}

static void test_quote_for_other_qualifying_data_is_stale(void)
{
	uint8_t values[2][32], other[32];
	struct vt_quote q;

	read_both(values);
	quote_both(&q);
	memcpy(other, nonce, 32);
	other[0] ^= 1;
	CU_ASSERT_EQUAL(vt_quote_verify(ak_x, ak_y, &q, other, 32, both, 2,
					(const uint8_t (*)[32])values), -ESTALE);
	CU_ASSERT_EQUAL(vt_quote_verify(ak_x, ak_y, &q, nonce, 31, both, 2,
					(const uint8_t (*)[32])values), -ESTALE);
	CU_ASSERT_EQUAL(vt_quote_verify(ak_x, ak_y, &q, NULL, 0, both, 2,
					(const uint8_t (*)[32])values), -ESTALE);
}

static void test_quote_of_other_pcr_values_is_refused(void)
{
	uint8_t values[2][32], d[32] = { 0x42 };
	struct vt_quote q;

	read_both(values);
	quote_both(&q);
	values[1][0] ^= 1;
	CU_ASSERT_EQUAL(vt_quote_verify(ak_x, ak_y, &q, nonce, 32, both, 2,
					(const uint8_t (*)[32])values), -EPERM);
	/* A quote taken after the PCR moved does not match the old values. */
	read_both(values);
	CU_ASSERT_EQUAL_FATAL(vt_pcr_extend(tpm, VT_PCR_GATEWAY, d), 0);
	quote_both(&q);
	CU_ASSERT_EQUAL(vt_quote_verify(ak_x, ak_y, &q, nonce, 32, both, 2,
					(const uint8_t (*)[32])values), -EPERM);
}

static void test_quote_over_other_pcrs_is_refused(void)
{
	const uint32_t one[1] = { VT_PCR_GATEWAY }, three[3] = { 0, 16, 23 };
	uint8_t values[3][32] = { { 0 } };
	struct vt_quote q;

	quote_both(&q);
	CU_ASSERT_EQUAL(vt_pcr_read(tpm, VT_PCR_GATEWAY, values[0]), 0);
	CU_ASSERT_EQUAL(vt_quote_verify(ak_x, ak_y, &q, nonce, 32, one, 1,
					(const uint8_t (*)[32])values), -ERANGE);
	CU_ASSERT_EQUAL(vt_quote_verify(ak_x, ak_y, &q, nonce, 32, three, 3,
					(const uint8_t (*)[32])values), -ERANGE);
}

static void test_damaged_signature_or_attest_is_rejected(void)
{
	uint8_t values[2][32];
	struct vt_quote q, bad;

	read_both(values);
	quote_both(&q);
	bad = q;
	bad.r[5] ^= 1;
	CU_ASSERT_EQUAL(vt_quote_verify(ak_x, ak_y, &bad, nonce, 32, both, 2,
					(const uint8_t (*)[32])values), -EKEYREJECTED);
	bad = q;
	memset(bad.s, 0, 32);
	CU_ASSERT_EQUAL(vt_quote_verify(ak_x, ak_y, &bad, nonce, 32, both, 2,
					(const uint8_t (*)[32])values), -EKEYREJECTED);
	for (size_t i = 0; i < q.attest_len; i++) {
		bad = q;
		bad.attest[i] ^= 0x80;
		if (vt_quote_verify(ak_x, ak_y, &bad, nonce, 32, both, 2,
				    (const uint8_t (*)[32])values) != -EKEYREJECTED) {
			CU_FAIL("a flipped attest byte was not rejected");
			fprintf(stderr, "byte %zu\n", i);
		}
	}
}

static void test_quote_checked_against_another_key_is_rejected(void)
{
	uint8_t values[2][32], ca_x[32], ca_y[32], zeros[32] = { 0 };
	struct vt_quote q;

	read_both(values);
	quote_both(&q);
	CU_ASSERT_EQUAL_FATAL(vt_ca_public(tpm, ca_x, ca_y), 0);
	CU_ASSERT_EQUAL(vt_quote_verify(ca_x, ca_y, &q, nonce, 32, both, 2,
					(const uint8_t (*)[32])values), -EKEYREJECTED);
	CU_ASSERT_EQUAL(vt_quote_verify(zeros, zeros, &q, nonce, 32, both, 2,
					(const uint8_t (*)[32])values), -EINVAL);
}

static void test_attest_length_out_of_range_is_malformed(void)
{
	uint8_t values[2][32];
	struct vt_quote q;

	read_both(values);
	quote_both(&q);
	q.attest_len = 0;
	CU_ASSERT_EQUAL(vt_quote_verify(ak_x, ak_y, &q, nonce, 32, both, 2,
					(const uint8_t (*)[32])values), -EBADMSG);
	q.attest_len = VT_ATTEST_MAX + 1;
	CU_ASSERT_EQUAL(vt_quote_verify(ak_x, ak_y, &q, nonce, 32, both, 2,
					(const uint8_t (*)[32])values), -EBADMSG);
	q.attest_len = (size_t)-1;
	CU_ASSERT_EQUAL(vt_quote_verify(ak_x, ak_y, &q, nonce, 32, both, 2,
					(const uint8_t (*)[32])values), -EBADMSG);
}

static void test_bad_arguments_are_refused(void)
{
	const uint32_t dup[2] = { 23, 23 }, big[1] = { 24 };
	uint8_t values[2][32] = { { 0 } };
	struct vt_quote q;

	CU_ASSERT_EQUAL(vt_quote(tpm, 0, both, 2, nonce, VT_NONCE_MAX + 1, &q), -EINVAL);
	CU_ASSERT_EQUAL(vt_quote(tpm, 0, dup, 2, NULL, 0, &q), -EINVAL);
	CU_ASSERT_EQUAL(vt_quote(tpm, 0, big, 1, NULL, 0, &q), -EINVAL);
	CU_ASSERT_EQUAL(vt_quote(tpm, 0, both, 0, NULL, 0, &q), -EINVAL);
	CU_ASSERT_EQUAL(vt_quote(tpm, 0x80000001, both, 2, NULL, 0, &q), -EINVAL);
	CU_ASSERT_EQUAL(vt_quote(tpm, 0x81000123, both, 2, NULL, 0, &q), -ENOENT);
	quote_both(&q);
	CU_ASSERT_EQUAL(vt_quote_verify(ak_x, ak_y, &q, nonce, 33, both, 2,
					(const uint8_t (*)[32])values), -EINVAL);
	CU_ASSERT_EQUAL(vt_quote_verify(ak_x, ak_y, &q, nonce, 32, dup, 2,
					(const uint8_t (*)[32])values), -EINVAL);
	CU_ASSERT_EQUAL(vt_quote_verify(ak_x, ak_y, &q, nonce, 32, both, 0,
					(const uint8_t (*)[32])values), -EINVAL);
}

/* --- Hostile attest bytes, signed by a software key so that they get past
 * the signature to the parser. */

static struct fx_soft_key *soft;
static uint8_t soft_x[32], soft_y[32];

static int verify_soft(struct vt_quote *q, const uint8_t values[2][32])
{
	fx_soft_sign(soft, q);
	return vt_quote_verify(soft_x, soft_y, q, nonce, 32, both, 2,
			       (const uint8_t (*)[32])values);
}

static void test_resigned_quote_verifies_with_the_software_key(void)
{
	uint8_t values[2][32];
	struct vt_quote q;

	soft = fx_soft_key_new();
	fx_soft_key_public(soft, soft_x, soft_y);
	read_both(values);
	quote_both(&q);
	CU_ASSERT_EQUAL(verify_soft(&q, values), 0);
	CU_ASSERT_EQUAL(vt_quote_verify(ak_x, ak_y, &q, nonce, 32, both, 2,
					(const uint8_t (*)[32])values), -EKEYREJECTED);
}

static void test_signed_truncated_or_extended_attest_is_malformed(void)
{
	uint8_t values[2][32];
	struct vt_quote q, bad;

	read_both(values);
	quote_both(&q);
	for (size_t n = 1; n < q.attest_len; n++) {
		bad = q;
		bad.attest_len = n;
		if (verify_soft(&bad, values) != -EBADMSG) {
			CU_FAIL("a truncated attest was not refused as malformed");
			fprintf(stderr, "truncated to %zu of %zu\n", n, q.attest_len);
		}
	}
	bad = q;
	bad.attest[bad.attest_len++] = 0;
	CU_ASSERT_EQUAL(verify_soft(&bad, values), -EBADMSG);
}

static void test_signed_attest_that_is_not_a_tpm_quote_is_malformed(void)
{
	uint8_t values[2][32];
	struct vt_quote q, bad;

	read_both(values);
	quote_both(&q);
	bad = q;
	bad.attest[0] ^= 1;             /* magic */
	CU_ASSERT_EQUAL(verify_soft(&bad, values), -EBADMSG);
	bad = q;
	bad.attest[5] = 0x17;           /* type: TPM_ST_ATTEST_CERTIFY */
	CU_ASSERT_EQUAL(verify_soft(&bad, values), -EBADMSG);
}

/* The PCR selection sits before the PCR digest at the end: count (4),
 * hash (2), sizeofSelect (1), select (3), digest size (2), digest (32). */
static void test_signed_attest_with_oversized_counts_is_malformed(void)
{
	uint8_t values[2][32];
	struct vt_quote q, bad;
	size_t sel;

	read_both(values);
	quote_both(&q);
	sel = q.attest_len - 34 - 10;
	CU_ASSERT_EQUAL_FATAL(q.attest[sel + 3], 1);
	bad = q;
	memset(&bad.attest[sel], 0xff, 4);      /* count */
	CU_ASSERT_EQUAL(verify_soft(&bad, values), -EBADMSG);
	bad = q;
	bad.attest[sel + 3] = 17;               /* one more bank than exists */
	CU_ASSERT_EQUAL(verify_soft(&bad, values), -EBADMSG);
	bad = q;
	bad.attest[sel + 6] = 0xff;             /* sizeofSelect */
	CU_ASSERT_EQUAL(verify_soft(&bad, values), -EBADMSG);
	bad = q;
	bad.attest[q.attest_len - 33] = 0xff;   /* digest size */
	CU_ASSERT_EQUAL(verify_soft(&bad, values), -EBADMSG);
}

static void test_signed_random_mutations_are_refused_without_crashing(void)
{
	uint8_t values[2][32];
	struct vt_quote q, bad;
	int counts[5] = { 0 };

	read_both(values);
	quote_both(&q);
	srand(1);
	for (int i = 0; i < 3000; i++) {
		int r, flips = 1 + rand() % 4;

		bad = q;
		for (int f = 0; f < flips; f++)
			bad.attest[rand() % q.attest_len] = (uint8_t)rand();
		if (i % 10 == 0)
			bad.attest_len = 1 + (size_t)rand() % VT_ATTEST_MAX;
		r = verify_soft(&bad, values);
		switch (r) {
		case 0: counts[0]++; break;
		case -EBADMSG: counts[1]++; break;
		case -ESTALE: counts[2]++; break;
		case -ERANGE: counts[3]++; break;
		case -EPERM: counts[4]++; break;
		default:
			CU_FAIL("unexpected error for a mutated attest");
			fprintf(stderr, "mutation %d: %d\n", i, r);
		}
	}
	/* Mutations land everywhere: each kind of refusal was seen. */
	CU_ASSERT(counts[1] > 0 && counts[2] > 0 && counts[3] > 0 && counts[4] > 0);
	fx_soft_key_free(soft);
	soft = NULL;
}

/* --- A guest vTPM's persistent AK. */

static void test_guest_ak_quote_verifies_with_its_public_key(void)
{
	uint8_t x[32], y[32], name[VT_NAME_LEN], values[2][32];
	struct vt_quote q;

	CU_ASSERT_EQUAL_FATAL(vt_ak_provision(tpm, x, y, name), 0);
	read_both(values);
	CU_ASSERT_EQUAL_FATAL(vt_quote(tpm, VT_AK_HANDLE, both, 2, nonce, 32, &q), 0);
	CU_ASSERT_EQUAL(vt_quote_verify(x, y, &q, nonce, 32, both, 2,
					(const uint8_t (*)[32])values), 0);
	CU_ASSERT_EQUAL(vt_quote_verify(ak_x, ak_y, &q, nonce, 32, both, 2,
					(const uint8_t (*)[32])values), -EKEYREJECTED);
}

static void test_ten_quotes_leave_nothing_loaded(void)
{
	struct vt_quote q;

	for (int i = 0; i < 10; i++) {
		quote_both(&q);
		CU_ASSERT_EQUAL(vt_quote(tpm, VT_AK_HANDLE, both, 2, nonce, 32, &q), 0);
		CU_ASSERT_EQUAL(fx_transient_objects(tpm), 0);
		CU_ASSERT_EQUAL(fx_loaded_sessions(tpm), 0);
	}
}

static const struct vg_test tests[] = {
	VG_TEST(test_root_quote_verifies),
	VG_TEST(test_pcrs_may_be_listed_in_any_order),
	VG_TEST(test_quote_for_other_qualifying_data_is_stale),
	VG_TEST(test_quote_of_other_pcr_values_is_refused),
	VG_TEST(test_quote_over_other_pcrs_is_refused),
	VG_TEST(test_damaged_signature_or_attest_is_rejected),
	VG_TEST(test_quote_checked_against_another_key_is_rejected),
	VG_TEST(test_attest_length_out_of_range_is_malformed),
	VG_TEST(test_bad_arguments_are_refused),
	VG_TEST(test_resigned_quote_verifies_with_the_software_key),
	VG_TEST(test_signed_truncated_or_extended_attest_is_malformed),
	VG_TEST(test_signed_attest_that_is_not_a_tpm_quote_is_malformed),
	VG_TEST(test_signed_attest_with_oversized_counts_is_malformed),
	VG_TEST(test_signed_random_mutations_are_refused_without_crashing),
	VG_TEST(test_guest_ak_quote_verifies_with_its_public_key),
	VG_TEST(test_ten_quotes_leave_nothing_loaded),
	VG_TESTS_END
};

int main(void)
{
	static const struct vg_suite suites[] = {
		{ "quote", open_tpm, close_tpm, tests },
		{ NULL, NULL, NULL, NULL },
	};

	return vg_test_main(suites);
}
