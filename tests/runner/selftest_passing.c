/* SPDX-License-Identifier: BSD-3-Clause */
/* The runner's passing case: exit 0 when every test passes. */
#include "cunit_runner.h"

static void test_passes(void)
{
	CU_ASSERT_STRING_EQUAL("vmgate", "vmgate");
}

static const struct vg_test tests[] = { VG_TEST(test_passes), VG_TESTS_END };

int main(void)
{
	const struct vg_suite suites[] = { { "selftest", NULL, NULL, tests }, { NULL } };

	return vg_test_main(suites);
}
