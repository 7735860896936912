/* SPDX-License-Identifier: BSD-3-Clause */
/* The vmm section: where the audit log lives. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_fixture.h"

static void test_audit_log_defaults_to_var_lib(void)
{
	const struct vg_config *cfg = EXPECT_VALID(GW);

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_STRING_EQUAL(cfg->vmm.audit_log, "/var/lib/vmgate/audit.log");
	vg_config_free(cfg);
}

static void test_absolute_audit_log_is_kept(void)
{
	const struct vg_config *cfg = EXPECT_VALID(GW "vmm = { audit_log = \"/srv/a.log\"; };\n");

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_STRING_EQUAL(cfg->vmm.audit_log, "/srv/a.log");
	vg_config_free(cfg);
}

static void test_relative_audit_log_is_under_the_policy_directory(void)
{
	const struct vg_config *cfg = EXPECT_VALID(GW "vmm = { audit_log = \"logs/audit.log\"; };\n");
	char cwd[PATH_MAX], want[PATH_MAX + 32];

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	/* "test.conf" is in the working directory. */
	CU_ASSERT_PTR_NOT_NULL_FATAL(realpath(".", cwd));
	snprintf(want, sizeof(want), "%s/logs/audit.log", cwd);
	CU_ASSERT_STRING_EQUAL(cfg->vmm.audit_log, want);
	vg_config_free(cfg);
}

static void test_unknown_vmm_key_is_refused(void)
{
	EXPECT_ERROR(GW "vmm = {\n"
		     "  audit_file = \"a.log\";\n"
		     "};\n", 3, "vmm: unknown key 'audit_file'");
}

static void test_empty_audit_log_is_refused(void)
{
	EXPECT_ERROR(GW "vmm = { audit_log = \"\"; };\n", 2,
		     "vmm: 'audit_log' must not be empty");
}

static void test_audit_log_must_be_a_string(void)
{
	EXPECT_ERROR(GW "vmm = { audit_log = 7; };\n", 2,
		     "vmm: 'audit_log' must be a string");
}

static void test_audit_log_must_name_a_file(void)
{
	EXPECT_ERROR(GW "vmm = { audit_log = \"/var/log/\"; };\n", 2,
		     "vmm: 'audit_log' must name a file, not a directory");
}

static void test_vmm_must_be_a_group(void)
{
	EXPECT_ERROR(GW "vmm = \"/var/log/a.log\";\n", 2,
		     "'vmm' must be a group { ... }");
}

static const struct vg_test vmm_tests[] = {
	VG_TEST(test_audit_log_defaults_to_var_lib),
	VG_TEST(test_absolute_audit_log_is_kept),
	VG_TEST(test_relative_audit_log_is_under_the_policy_directory),
	VG_TEST(test_unknown_vmm_key_is_refused),
	VG_TEST(test_empty_audit_log_is_refused),
	VG_TEST(test_audit_log_must_be_a_string),
	VG_TEST(test_audit_log_must_name_a_file),
	VG_TEST(test_vmm_must_be_a_group),
	VG_TESTS_END
};

int main(void)
{
	static const struct vg_suite suites[] = {
		{ "config vmm", NULL, NULL, vmm_tests },
		{ NULL, NULL, NULL, NULL },
	};

	return vg_test_main(suites);
}
