/* SPDX-License-Identifier: BSD-3-Clause */
/* Proves the runner exits non-zero when one test fails among passing ones
 * (meson expects this program to fail). */
#include "cunit_runner.h"

static void test_passes(void)
{
	CU_ASSERT_EQUAL(1 + 1, 2);
}

static void test_fails(void)
{
	CU_ASSERT_EQUAL(1 + 1, 3);
}

static const struct vg_test tests[] = {
	VG_TEST(test_passes), VG_TEST(test_fails), VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = { { "selftest", NULL, NULL, tests }, { NULL } };

	return vg_test_main(suites);
}
