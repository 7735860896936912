/* SPDX-License-Identifier: BSD-3-Clause */
/* The vmm section's restart limit: how many relaunches the attestation
 * service may ask for per guest and window. */
#include "config_fixture.h"

static void test_restart_limit_defaults_to_3_per_600_s(void)
{
	const struct vg_config *cfg = EXPECT_VALID(GW);

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_EQUAL(cfg->vmm.restart_limit, 3);
	CU_ASSERT_EQUAL(cfg->vmm.restart_window_s, 600);
	vg_config_free(cfg);
}

static void test_restart_limit_and_window_are_read(void)
{
	const struct vg_config *cfg =
		EXPECT_VALID(GW "vmm = { restart_limit = 0; restart_window = 3600; };\n");

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_EQUAL(cfg->vmm.restart_limit, 0);
	CU_ASSERT_EQUAL(cfg->vmm.restart_window_s, 3600);
	vg_config_free(cfg);
}

static void test_restart_limit_out_of_range_is_refused(void)
{
	EXPECT_ERROR(GW "vmm = { restart_limit = 21; };\n", 2,
		     "vmm: 'restart_limit' must be between 0 and 20 (got 21)");
	/* libconfig alone would wrap this to 3. */
	EXPECT_ERROR(GW "vmm = { restart_limit = 4294967299; };\n", 2,
		     "integer 4294967299 is out of range");
	EXPECT_ERROR(GW "vmm = { restart_limit = -1; };\n", 2,
		     "vmm: 'restart_limit' must be between 0 and 20 (got -1)");
}

static void test_restart_window_out_of_range_is_refused(void)
{
	EXPECT_ERROR(GW "vmm = {\n  restart_window = 59;\n};\n", 3,
		     "vmm: 'restart_window' must be between 60 and 86400 (got 59)");
	EXPECT_ERROR(GW "vmm = { restart_window = \"10m\"; };\n", 2,
		     "vmm: 'restart_window' must be an integer");
}

static const struct vg_test restart_tests[] = {
	VG_TEST(test_restart_limit_defaults_to_3_per_600_s),
	VG_TEST(test_restart_limit_and_window_are_read),
	VG_TEST(test_restart_limit_out_of_range_is_refused),
	VG_TEST(test_restart_window_out_of_range_is_refused),
	VG_TESTS_END
};

int main(void)
{
	static const struct vg_suite suites[] = {
		{ "config vmm restart", NULL, NULL, restart_tests },
		{ NULL, NULL, NULL, NULL },
	};

	return vg_test_main(suites);
}
