/* SPDX-License-Identifier: BSD-3-Clause */
/* P-256 public key validation: points on the curve with reduced
 * coordinates pass, everything else (off the curve, a coordinate not
 * reduced modulo p, the origin) is refused. */
#include <errno.h>
#include <string.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/random.h>

#include "cunit_runner.h"
#include "p256_public.h"

static const byte prime[32] = {
	0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};
/* (0, Y) is on P-256: Y = sqrt(b) mod p. So is (p, Y) modulo p, but p
 * is not a field element. */
static const byte root_b[32] = {
	0x66, 0x48, 0x5c, 0x78, 0x0e, 0x2f, 0x83, 0xd7, 0x24, 0x33, 0xbd, 0x5d,
	0x84, 0xa0, 0x6b, 0xb6, 0x54, 0x1c, 0x2a, 0xf3, 0x1d, 0xae, 0x87, 0x17,
	0x28, 0xbf, 0x85, 0x6a, 0x17, 0x4f, 0x93, 0xf4,
};

/* vg_p256_public_check of the point (x, y), or 1 when it cannot even be
 * imported. */
static int check_point(const byte x[32], const byte y[32])
{
	ecc_key key;
	int r = 1;

	CU_ASSERT_FATAL(wc_ecc_init(&key) == 0);
	if (wc_ecc_import_unsigned(&key, x, y, NULL, ECC_SECP256R1) == 0)
		r = vg_p256_public_check(&key);
	wc_ecc_free(&key);
	return r;
}

static void test_generated_keys_pass(void)
{
	WC_RNG rng;

	CU_ASSERT_FATAL(wc_InitRng(&rng) == 0);
	for (int i = 0; i < 8; i++) {
		ecc_key key;
		byte x[32], y[32];
		word32 xl = sizeof(x), yl = sizeof(y);

		CU_ASSERT_FATAL(wc_ecc_init(&key) == 0);
		CU_ASSERT_FATAL(wc_ecc_make_key_ex(&rng, 32, &key, ECC_SECP256R1) == 0);
		CU_ASSERT_EQUAL(vg_p256_public_check(&key), 0);
		CU_ASSERT_FATAL(wc_ecc_export_public_raw(&key, x, &xl, y, &yl) == 0);
		wc_ecc_free(&key);
		CU_ASSERT_EQUAL(check_point(x, y), 0);
		/* One bit off: no longer on the curve. */
		y[31] ^= 1;
		CU_ASSERT_EQUAL(check_point(x, y), -EINVAL);
		y[31] ^= 1;
		x[0] ^= 0x80;
		CU_ASSERT_EQUAL(check_point(x, y), -EINVAL);
	}
	wc_FreeRng(&rng);
}

static void test_a_coordinate_not_reduced_is_refused(void)
{
	static const byte zero[32];
	byte y_unreduced[32];

	CU_ASSERT_EQUAL(check_point(zero, root_b), 0);
	CU_ASSERT_EQUAL(check_point(prime, root_b), -EINVAL);
	/* A coordinate of all ones (above p) must be refused too; Y + p does not
	 * fit in 32 bytes. */
	memset(y_unreduced, 0xff, sizeof(y_unreduced));
	CU_ASSERT_EQUAL(check_point(zero, y_unreduced), -EINVAL);
}

/* A decoded key may hold a coordinate longer than the field (a damaged
 * certificate does): refused, and read safely. */
static void test_an_overlong_coordinate_is_refused_safely(void)
{
	static const byte zero[32];
	byte long_x[40];
	ecc_key key;

	memset(long_x, 0x5a, sizeof(long_x));
	CU_ASSERT_FATAL(wc_ecc_init(&key) == 0);
	CU_ASSERT_FATAL(wc_ecc_import_unsigned(&key, zero, root_b, NULL, ECC_SECP256R1) == 0);
	CU_ASSERT_EQUAL(vg_p256_public_check(&key), 0);
	CU_ASSERT_FATAL(mp_read_unsigned_bin(key.pubkey.x, long_x, sizeof(long_x)) == 0);
	CU_ASSERT_EQUAL(vg_p256_public_check(&key), -EINVAL);
	wc_ecc_free(&key);
}

static void test_the_origin_is_refused(void)
{
	static const byte zero[32];

	CU_ASSERT_NOT_EQUAL(check_point(zero, zero), 0);
}

static const struct vg_test tests[] = {
	VG_TEST(test_generated_keys_pass),
	VG_TEST(test_a_coordinate_not_reduced_is_refused),
	VG_TEST(test_an_overlong_coordinate_is_refused_safely),
	VG_TEST(test_the_origin_is_refused),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = { { "vtpm-p256", NULL, NULL, tests }, { NULL } };

	return vg_test_main(suites);
}
