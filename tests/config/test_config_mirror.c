/* SPDX-License-Identifier: BSD-3-Clause */
/* The mirror section and the rules' mirror flag. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config_fixture.h"

/* Lines 1-4; what follows starts on line 5. */
#define GUESTS GW "guests = (\n" \
	"  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\"; },\n" \
	"  { name = \"b\"; mac = \"52:54:00:00:00:0b\"; ipv4 = \"10.0.0.11\"; });\n"
/* A rule on line 6 marked mirror; the mirror section from line 7. */
#define MIRRORED_RULE GUESTS "policy = { rules = (\n" \
	"  { name = \"ab\"; from = \"a\"; to = \"b\"; action = \"allow\"; mirror = true; } ); };\n"

static void test_mirror_section_with_pcapng_and_tap_loads(void)
{
	const struct vg_config *cfg = EXPECT_VALID(MIRRORED_RULE
		"mirror = { pcapng = \"/var/tmp/cap.pcapng\"; tap = \"ids0\"; drops = true;\n"
		"  snaplen = 128; };\n");

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_TRUE(cfg->mirror.present);
	CU_ASSERT_STRING_EQUAL(cfg->mirror.pcapng, "/var/tmp/cap.pcapng");
	CU_ASSERT_STRING_EQUAL(cfg->mirror.tap, "ids0");
	CU_ASSERT_TRUE(cfg->mirror.drops);
	CU_ASSERT_EQUAL(cfg->mirror.snaplen, 128);
	CU_ASSERT_EQUAL(cfg->mirror.n_rules, 1);
	CU_ASSERT_TRUE(cfg->policy.rules[0].mirror);
	vg_config_free(cfg);
}

static void test_mirror_defaults_keep_whole_frames_and_no_drops(void)
{
	const struct vg_config *cfg = EXPECT_VALID(GUESTS "mirror = { tap = \"ids0\"; };\n");

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_FALSE(cfg->mirror.drops);
	CU_ASSERT_EQUAL(cfg->mirror.snaplen, 65535);
	CU_ASSERT_PTR_NULL(cfg->mirror.pcapng);
	CU_ASSERT_EQUAL(cfg->mirror.n_rules, 0);
	vg_config_free(cfg);
}

static void test_no_mirror_section_means_no_mirror(void)
{
	const struct vg_config *cfg = EXPECT_VALID(GUESTS);

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_FALSE(cfg->mirror.present);
	CU_ASSERT_PTR_NULL(cfg->mirror.pcapng);
	CU_ASSERT_PTR_NULL(cfg->mirror.tap);
	vg_config_free(cfg);
}

/* Relative to the policy file's directory ("test.conf": the working
 * directory). */
static void test_relative_pcapng_path_is_made_absolute(void)
{
	const struct vg_config *cfg = EXPECT_VALID(GUESTS "mirror = { pcapng = \"cap.pcapng\"; };\n");
	char cwd[4096], want[4200];

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(realpath(".", cwd));
	snprintf(want, sizeof(want), "%s/cap.pcapng", cwd);
	CU_ASSERT_STRING_EQUAL(cfg->mirror.pcapng, want);
	vg_config_free(cfg);
}

static void test_deny_rule_may_mirror_what_it_drops(void)
{
	const struct vg_config *cfg = EXPECT_VALID(GUESTS "policy = { rules = (\n"
		"  { from = \"a\"; to = \"b\"; action = \"deny\"; mirror = true; } ); };\n"
		"mirror = { pcapng = \"/tmp/x.pcapng\"; };\n");

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_EQUAL(cfg->mirror.n_rules, 1);
	vg_config_free(cfg);
}

static void test_rule_that_mirrors_needs_a_mirror_section(void)
{
	EXPECT_ERROR(MIRRORED_RULE, 6, "rule 'ab': 'mirror = true' needs a mirror section "
		     "naming a target (pcapng or tap)");
}

static void test_mirror_section_without_a_target_is_refused(void)
{
	EXPECT_ERROR(MIRRORED_RULE "mirror = {\n  drops = true; };\n", 7,
		     "mirror: names no target: set 'pcapng', 'tap' or both");
}

static void test_unknown_mirror_key_is_refused(void)
{
	EXPECT_ERROR(GUESTS "mirror = { tap = \"ids0\";\n  pcap = \"x\"; };\n", 6,
		     "mirror: unknown key 'pcap'");
}

static void test_rule_mirror_must_be_a_bool(void)
{
	EXPECT_ERROR(GUESTS "policy = { rules = (\n"
		     "  { from = \"a\"; to = \"b\"; action = \"allow\"; mirror = \"yes\"; } ); };\n"
		     "mirror = { tap = \"ids0\"; };\n", 6,
		     "rule 1: 'mirror' must be true or false");
}

static void test_drops_must_be_a_bool(void)
{
	EXPECT_ERROR(GUESTS "mirror = { tap = \"ids0\";\n  drops = 1; };\n", 6,
		     "mirror: 'drops' must be true or false");
}

static void test_snaplen_below_64_is_refused(void)
{
	EXPECT_ERROR(GUESTS "mirror = { tap = \"ids0\";\n  snaplen = 10; };\n", 6,
		     "mirror: 'snaplen' must be between 64 and 65535 (got 10)");
}

static void test_snaplen_above_65535_is_refused(void)
{
	EXPECT_ERROR(GUESTS "mirror = { tap = \"ids0\";\n  snaplen = 65536; };\n", 6,
		     "mirror: 'snaplen' must be between 64 and 65535 (got 65536)");
}

/* libconfig alone would read this as 64 (it wraps at 2^32). */
static void test_snaplen_that_would_wrap_is_refused(void)
{
	EXPECT_ERROR(GUESTS "mirror = { tap = \"ids0\";\n  snaplen = 4294967360; };\n", 6,
		     "integer 4294967360 is out of range");
}

static void test_tap_name_longer_than_15_is_refused(void)
{
	EXPECT_ERROR(GUESTS "mirror = {\n  tap = \"a-very-long-ifname\"; };\n", 6,
		     "mirror: invalid interface name 'a-very-long-ifname' in 'tap' "
		     "(letters, digits, '.', '_', '-'; at most 15)");
}

static void test_tap_name_with_a_slash_is_refused(void)
{
	EXPECT_ERROR(GUESTS "mirror = {\n  tap = \"ids/0\"; };\n", 6,
		     "mirror: invalid interface name 'ids/0' in 'tap' "
		     "(letters, digits, '.', '_', '-'; at most 15)");
}

static void test_tap_named_like_the_punt_port_is_refused(void)
{
	EXPECT_ERROR(GUESTS "mirror = {\n  tap = \"vg-gw\"; };\n", 6,
		     "mirror: 'tap' 'vg-gw' is the name of the punt port");
}

static void test_empty_pcapng_path_is_refused(void)
{
	EXPECT_ERROR(GUESTS "mirror = {\n  pcapng = \"\"; };\n", 6,
		     "mirror: 'pcapng' must not be empty");
}

static void test_mirror_must_be_a_group(void)
{
	EXPECT_ERROR(GUESTS "mirror = \"cap.pcapng\";\n", 5,
		     "'mirror' must be a group { ... }");
}

static const struct vg_test tests[] = {
	VG_TEST(test_mirror_section_with_pcapng_and_tap_loads),
	VG_TEST(test_mirror_defaults_keep_whole_frames_and_no_drops),
	VG_TEST(test_no_mirror_section_means_no_mirror),
	VG_TEST(test_relative_pcapng_path_is_made_absolute),
	VG_TEST(test_deny_rule_may_mirror_what_it_drops),
	VG_TEST(test_rule_that_mirrors_needs_a_mirror_section),
	VG_TEST(test_mirror_section_without_a_target_is_refused),
	VG_TEST(test_unknown_mirror_key_is_refused),
	VG_TEST(test_rule_mirror_must_be_a_bool),
	VG_TEST(test_drops_must_be_a_bool),
	VG_TEST(test_snaplen_below_64_is_refused),
	VG_TEST(test_snaplen_above_65535_is_refused),
	VG_TEST(test_snaplen_that_would_wrap_is_refused),
	VG_TEST(test_tap_name_longer_than_15_is_refused),
	VG_TEST(test_tap_name_with_a_slash_is_refused),
	VG_TEST(test_tap_named_like_the_punt_port_is_refused),
	VG_TEST(test_empty_pcapng_path_is_refused),
	VG_TEST(test_mirror_must_be_a_group),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = { { "config-mirror", NULL, NULL, tests }, { NULL } };

	return vg_test_main(suites);
}
