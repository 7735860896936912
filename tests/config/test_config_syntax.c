/* SPDX-License-Identifier: BSD-3-Clause */
/* What libconfig would get wrong or crash on: syntax, integers it wraps,
 * directives, unreadable files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config_fixture.h"
#include "literal_scan.h"

static void test_syntax_error_reports_its_line(void)
{
	EXPECT_ERROR("gateway = {\n"
		     "  name = \"gw\";\n"
		     "  control_ipv4 = ;\n"
		     "};\n", 3, "syntax error");
}

static void test_integer_that_libconfig_wraps_is_refused(void)
{
	/* libconfig alone reads this as 23, a valid memory size. */
	EXPECT_ERROR(GW
		     "attestation = {\n"
		     "  grant_ttl = 4294967319;\n"
		     "};\n", 3, "integer 4294967319 is out of range");
}

static void test_hex_integer_that_wraps_is_refused(void)
{
	EXPECT_ERROR(GW "attestation = { grant_ttl = 0x1FFFFFFFF; };\n", 2,
		     "integer 0x1FFFFFFFF is out of range");
}

static void test_wide_integer_past_64_bits_is_refused(void)
{
	EXPECT_ERROR(GW "\n\nattestation = { grant_ttl = 99999999999999999999L; };\n", 4,
		     "integer 99999999999999999999L is out of range");
}

static void test_wide_integer_is_range_checked_exactly(void)
{
	EXPECT_ERROR(GW "attestation = { grant_ttl = 4294967319L; };\n", 2,
		     "attestation: 'grant_ttl' must be between 10 and 86400 (got 4294967319)");
}

static void test_int32_limits_are_not_flagged(void)
{
	const char *text = "a = -2147483648;\nb = 2147483647;\nc = 0x7FFFFFFF;\n";
	struct vg_diag *diag = vg_diag_new();

	CU_ASSERT_EQUAL(vg_literal_scan(text, strlen(text), "t", diag), 0);
	CU_ASSERT_EQUAL(vg_diag_count(diag), 0);
	vg_diag_free(diag);
}

static void test_numbers_in_strings_comments_and_names_are_ignored(void)
{
	const char *text = "x = \"4294967319\"; # 4294967319\n"
			   "// 4294967319\n/* 4294967319\n 4294967319 */\n"
			   "key4294967319 = 1.5e300;\ny = \"a\\\"4294967319\";\n";
	struct vg_diag *diag = vg_diag_new();

	CU_ASSERT_EQUAL(vg_literal_scan(text, strlen(text), "t", diag), 0);
	vg_diag_free(diag);
}

static void test_line_count_survives_comments_and_strings(void)
{
	EXPECT_ERROR("/* a\n comment */ # two\n// \"three\" 4294967319\n"
		     "gateway = { memory_mb = 8589934592; };\n", 4,
		     "integer 8589934592 is out of range");
}

static void test_include_directive_is_refused(void)
{
	EXPECT_ERROR(GW "@include \"other.conf\"\n", 2,
		     "directives such as @include are not supported: the policy is one file");
}

static void test_nul_byte_is_refused(void)
{
	static const char text[] = "gateway = {};\n\0name = 1;\n";
	struct vg_diag *diag = vg_diag_new();
	const struct vg_config *cfg = vg_config_load_string(text, sizeof(text) - 1,
							    "test.conf", diag);

	CU_ASSERT_PTR_NULL(cfg);
	CU_ASSERT_EQUAL(vg_diag_count(diag), 1);
	CU_ASSERT_EQUAL(vg_diag_get(diag, 0)->line, 2);
	CU_ASSERT_STRING_EQUAL(vg_diag_get(diag, 0)->message, "file contains a NUL byte");
	vg_diag_free(diag);
}

static void test_missing_file_is_reported_without_a_line(void)
{
	struct vg_diag *diag = vg_diag_new();
	const struct vg_config *cfg = vg_config_load("/nonexistent/vmgate.conf", diag);

	CU_ASSERT_PTR_NULL(cfg);
	CU_ASSERT_EQUAL(vg_diag_count(diag), 1);
	CU_ASSERT_STRING_EQUAL(vg_diag_get(diag, 0)->file, "/nonexistent/vmgate.conf");
	CU_ASSERT_EQUAL(vg_diag_get(diag, 0)->line, 0);
	CU_ASSERT_STRING_EQUAL(vg_diag_get(diag, 0)->message,
			       "cannot read: No such file or directory");
	vg_diag_free(diag);
}

static void test_directory_is_not_a_policy(void)
{
	struct vg_diag *diag = vg_diag_new();
	const struct vg_config *cfg = vg_config_load("/", diag);

	CU_ASSERT_PTR_NULL(cfg);
	CU_ASSERT_EQUAL(vg_diag_count(diag), 1);
	CU_ASSERT_STRING_EQUAL(vg_diag_get(diag, 0)->message, "cannot read: Is a directory");
	vg_diag_free(diag);
}

static void test_file_over_16_mib_is_refused_unread(void)
{
	size_t len = VG_CONFIG_MAX_BYTES + 1;
	char *text = malloc(len);
	struct vg_diag *diag = vg_diag_new();
	char path[] = "/tmp/vmgate-big-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	memset(text, '#', len);
	CU_ASSERT_EQUAL(fwrite(text, 1, len, f), len);
	fclose(f);
	CU_ASSERT_PTR_NULL(vg_config_load(path, diag));
	CU_ASSERT_EQUAL(vg_diag_count(diag), 1);
	CU_ASSERT_EQUAL(vg_diag_get(diag, 0)->line, 0);
	CU_ASSERT_STRING_EQUAL(vg_diag_get(diag, 0)->message, "larger than 16 MiB");
	unlink(path);
	free(text);
	vg_diag_free(diag);
}

static void test_duplicate_key_is_refused(void)
{
	EXPECT_ERROR("gateway = {\n"
		     "  name = \"gw\";\n"
		     "  name = \"gw2\";\n"
		     "};\n", 3, "duplicate setting name");
}

static void test_empty_file_needs_a_gateway(void)
{
	EXPECT_ERROR("", 1, "missing required key 'gateway'");
}

static void test_unknown_top_level_key_is_refused(void)
{
	EXPECT_ERROR(GW "\nguest = ();\n", 3, "unknown key 'guest'");
}

static void test_float_is_not_an_integer(void)
{
	EXPECT_ERROR(GW "attestation = {\n grant_ttl = 1.5;\n};\n", 3,
		     "attestation: 'grant_ttl' must be an integer");
}

static void test_every_problem_is_reported_in_line_order(void)
{
	const char *text = GW
		"attestation = {\n"
		"  grant_ttl = 5;\n"
		"  on_failure = \"reboot\";\n"
		"  colour = 1;\n"
		"};\n";
	struct vg_diag *diag;
	const struct vg_config *cfg = load_text(text, &diag);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	CU_ASSERT_PTR_NULL(cfg);
	CU_ASSERT_EQUAL(vg_diag_count(diag), 3);
	vg_diag_print(diag, f);
	fclose(f);
	CU_ASSERT_STRING_EQUAL(out,
		"test.conf:3: attestation: 'grant_ttl' must be between 10 and 86400 (got 5)\n"
		"test.conf:4: attestation: 'on_failure' must be one of restart, isolate (got 'reboot')\n"
		"test.conf:5: attestation: unknown key 'colour'\n");
	free(out);
	vg_config_free(cfg);
	vg_diag_free(diag);
}

static const struct vg_test tests[] = {
	VG_TEST(test_syntax_error_reports_its_line),
	VG_TEST(test_integer_that_libconfig_wraps_is_refused),
	VG_TEST(test_hex_integer_that_wraps_is_refused),
	VG_TEST(test_wide_integer_past_64_bits_is_refused),
	VG_TEST(test_wide_integer_is_range_checked_exactly),
	VG_TEST(test_int32_limits_are_not_flagged),
	VG_TEST(test_numbers_in_strings_comments_and_names_are_ignored),
	VG_TEST(test_line_count_survives_comments_and_strings),
	VG_TEST(test_include_directive_is_refused),
	VG_TEST(test_nul_byte_is_refused),
	VG_TEST(test_missing_file_is_reported_without_a_line),
	VG_TEST(test_directory_is_not_a_policy),
	VG_TEST(test_file_over_16_mib_is_refused_unread),
	VG_TEST(test_duplicate_key_is_refused),
	VG_TEST(test_empty_file_needs_a_gateway),
	VG_TEST(test_unknown_top_level_key_is_refused),
	VG_TEST(test_float_is_not_an_integer),
	VG_TEST(test_every_problem_is_reported_in_line_order),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = { { "config-syntax", NULL, NULL, tests }, { NULL } };

	return vg_test_main(suites);
}
