/* SPDX-License-Identifier: BSD-3-Clause */
/* Proves the runner exits non-zero when a suite's setup fails, although
 * no test inside it reports a failure (meson expects this to fail). */
#include "cunit_runner.h"

static int setup_fails(void)
{
	return -1;
}

static void test_never_runs(void)
{
	CU_ASSERT_TRUE(1);
}

static void test_passes(void)
{
	CU_ASSERT_TRUE(1);
}

static const struct vg_test broken[] = { VG_TEST(test_never_runs), VG_TESTS_END };
static const struct vg_test fine[] = { VG_TEST(test_passes), VG_TESTS_END };

int main(void)
{
	const struct vg_suite suites[] = {
		{ "fine", NULL, NULL, fine },
		{ "broken-setup", setup_fails, NULL, broken },
		{ NULL },
	};

	return vg_test_main(suites);
}
