/* SPDX-License-Identifier: BSD-3-Clause */
/* Attestation, operators, signatures, programs and conntrack. */
#include <string.h>

#include "config_fixture.h"

static void test_reattest_must_come_before_grants_expire(void)
{
	EXPECT_ERROR(GW "attestation = {\n"
		     "  grant_ttl = 60;\n"
		     "  reattest_interval = 60;\n"
		     "};\n", 4,
		     "attestation: 'reattest_interval' (60 s) must be shorter than 'grant_ttl' (60 s)");
}

static void test_short_ttl_against_default_reattest_is_refused(void)
{
	EXPECT_ERROR(GW "attestation = {\n"
		     "  grant_ttl = 100;\n"
		     "};\n", 3,
		     "attestation: 'reattest_interval' (120 s) must be shorter than 'grant_ttl' (100 s)");
}

static void test_pcr_out_of_range_is_refused(void)
{
	EXPECT_ERROR(GW "attestation = {\n"
		     "  pcrs = [8, 24];\n"
		     "};\n", 3, "attestation: PCR 24 is out of range 0-23");
}

static void test_pcr_listed_twice_is_refused(void)
{
	EXPECT_ERROR(GW "attestation = {\n"
		     "  pcrs = [8, 9, 8];\n"
		     "};\n", 3, "attestation: PCR 8 is listed twice");
}

static void test_on_failure_must_be_restart_or_isolate(void)
{
	EXPECT_ERROR(GW "attestation = { on_failure = \"ignore\"; };\n", 2,
		     "attestation: 'on_failure' must be one of restart, isolate (got 'ignore')");
}

static void test_required_must_be_a_boolean(void)
{
	EXPECT_ERROR(GW "attestation = { required = 0; };\n", 2,
		     "attestation: 'required' must be true or false");
}

static void test_operator_role_must_be_user_or_admin(void)
{
	EXPECT_ERROR(GW "operators = (\n"
		     "  { name = \"eve\"; certificate = \"/e.pem\";\n"
		     "    role = \"root\"; }\n"
		     ");\n", 4,
		     "operator 'eve': 'role' must be one of user, admin (got 'root')");
}

static void test_operator_needs_a_certificate(void)
{
	EXPECT_ERROR(GW "operators = (\n"
		     "  { name = \"eve\"; role = \"user\"; }\n"
		     ");\n", 3, "operator 'eve': missing required key 'certificate'");
}

static void test_duplicate_operator_is_refused(void)
{
	EXPECT_ERROR(GW "operators = (\n"
		     "  { name = \"eve\"; certificate = \"/e.pem\"; role = \"user\"; },\n"
		     "  { name = \"eve\"; certificate = \"/f.pem\"; role = \"admin\"; }\n"
		     ");\n", 4, "duplicate operator name 'eve' (first at line 3)");
}

static void test_signature_needs_exactly_one_pattern(void)
{
	EXPECT_ERROR(GW "signatures = (\n"
		     "  { name = \"s\"; pattern = \"x\"; hex = \"78\"; }\n"
		     ");\n", 3, "signature 's': needs exactly one of 'pattern', 'hex' or 'regex'");
	EXPECT_ERROR(GW "signatures = (\n"
		     "  { name = \"s\"; pattern = \"x\"; regex = \"x+\"; }\n"
		     ");\n", 3, "signature 's': needs exactly one of 'pattern', 'hex' or 'regex'");
}

static void test_signature_regex_is_checked_at_load(void)
{
	const struct vg_config *cfg;

	EXPECT_ERROR(GW "signatures = (\n"
		     "  { name = \"s\";\n"
		     "    regex = \"(unclosed\"; }\n"
		     ");\n", 4, "signature 's': regex cannot be compiled: "
		     "Missing close parenthesis for group started at index 0.");
	/* It would drop every payload. */
	EXPECT_ERROR(GW "signatures = (\n"
		     "  { name = \"s\"; regex = \"a*\"; }\n"
		     ");\n", 3, "signature 's': regex matches an empty payload");
	EXPECT_ERROR(GW "signatures = (\n"
		     "  { name = \"s\"; regex = \"x\"; caseless = 1; }\n"
		     ");\n", 3, "signature 's': 'caseless' must be true or false");
	cfg = EXPECT_VALID(GW "signatures = (\n"
			   "  { name = \"s\"; regex = \"^GET /admin\"; caseless = true; },\n"
			   "  { name = \"t\"; pattern = \"x\"; }\n"
			   ");\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_EQUAL(cfg->signatures[0].kind, VG_SIG_REGEX);
	CU_ASSERT_TRUE(cfg->signatures[0].caseless);
	CU_ASSERT_STRING_EQUAL((const char *)cfg->signatures[0].pattern, "^GET /admin");
	CU_ASSERT_EQUAL(cfg->signatures[1].kind, VG_SIG_LITERAL);
	CU_ASSERT_FALSE(cfg->signatures[1].caseless);
	vg_config_free(cfg);
}

static void test_signature_hex_must_be_hex(void)
{
	EXPECT_ERROR(GW "signatures = (\n"
		     "  { name = \"s\";\n"
		     "    hex = \"9g\"; }\n"
		     ");\n", 4, "signature 's': 'hex' must contain only hex digits");
}

static void test_duplicate_signature_is_refused(void)
{
	EXPECT_ERROR(GW "signatures = (\n"
		     "  { name = \"s\"; pattern = \"a\"; },\n"
		     "  { name = \"s\"; pattern = \"b\"; }\n"
		     ");\n", 4, "duplicate signature name 's' (first at line 3)");
}

static void test_conntrack_section_is_bounded_and_checked(void)
{
	const struct vg_config *cfg;

	/* A value libconfig would wrap to 8. */
	EXPECT_ERROR(GW "conntrack = { max_sessions = 4294967304; };\n", 2,
		     "integer 4294967304 is out of range");
	EXPECT_ERROR(GW "conntrack = { max_sessions = 2000000; };\n", 2,
		     "conntrack: 'max_sessions' must be between 8 and 1048576 (got 2000000)");
	EXPECT_ERROR(GW "conntrack = { max_sessions = 64;\n"
		     "  per_guest = 65; };\n", 3,
		     "conntrack: 'per_guest' (65) is more than 'max_sessions' (64)");
	EXPECT_ERROR(GW "conntrack = { timeouts = { established = 0; }; };\n", 2,
		     "conntrack: 'established' must be between 1 and 604800 (got 0)");
	EXPECT_ERROR(GW "conntrack = { timeouts = { tcp = 5; }; };\n", 2,
		     "conntrack: unknown key 'tcp'");
	cfg = EXPECT_VALID(GW "conntrack = { max_sessions = 1000;\n"
			   "  timeouts = { established = 600; icmp = 3; }; };\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_EQUAL(cfg->conntrack.max_sessions, 1000);
	CU_ASSERT_EQUAL(cfg->conntrack.per_guest, 250);   /* a quarter by default */
	for (unsigned i = 0; vg_ct_timeout_name(i); i++) {
		if (strcmp(vg_ct_timeout_name(i), "established") == 0)
			CU_ASSERT_EQUAL(cfg->conntrack.timeout_s[i], 600);
		if (strcmp(vg_ct_timeout_name(i), "icmp") == 0)
			CU_ASSERT_EQUAL(cfg->conntrack.timeout_s[i], 3);
		if (strcmp(vg_ct_timeout_name(i), "udp") == 0)
			CU_ASSERT_EQUAL(cfg->conntrack.timeout_s[i], 30);
	}
	vg_config_free(cfg);
	cfg = EXPECT_VALID(GW);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_EQUAL(cfg->conntrack.max_sessions, 65536);
	CU_ASSERT_EQUAL(cfg->conntrack.per_guest, 16384);
	vg_config_free(cfg);
}

static void test_program_needs_an_object(void)
{
	EXPECT_ERROR(GW "programs = (\n"
		     "  { name = \"p\"; section = \"filter\"; }\n"
		     ");\n", 3, "program 'p': missing required key 'object'");
}

#define TWO_PROGRAMS "programs = ( { name = \"p\"; object = \"/p.o\"; },\n" \
	"  { name = \"q\"; object = \"/q.o\"; section = \"other\"; } );\n"

static void test_programs_attach_to_guests_and_to_the_policy(void)
{
	const struct vg_config *cfg = EXPECT_VALID(GW TWO_PROGRAMS
		"guests = ( { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\";\n"
		"  programs = [\"q\", \"p\"]; },\n"
		"  { name = \"b\"; mac = \"52:54:00:00:00:0b\"; ipv4 = \"10.0.0.11\"; } );\n"
		"policy = { programs = \"q\"; };\n");

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_EQUAL_FATAL(cfg->guests[0].n_programs, 2);
	CU_ASSERT_EQUAL(cfg->guests[0].programs[0], 1);
	CU_ASSERT_EQUAL(cfg->guests[0].programs[1], 0);
	CU_ASSERT_EQUAL(cfg->guests[1].n_programs, 0);
	CU_ASSERT_EQUAL_FATAL(cfg->policy.n_programs, 1);
	CU_ASSERT_EQUAL(cfg->policy.programs[0], 1);
	vg_config_free(cfg);
}

static void test_unknown_or_repeated_attached_programs_are_refused(void)
{
	EXPECT_ERROR(GW TWO_PROGRAMS
		     "guests = ( { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\";\n"
		     "  programs = \"nosuch\"; } );\n",
		     5, "guest 'a': unknown program 'nosuch' in 'programs'");
	EXPECT_ERROR(GW TWO_PROGRAMS
		     "guests = ( { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\";\n"
		     "  programs = [\"p\", \"q\", \"p\"]; } );\n",
		     5, "guest 'a': program 'p' is named twice in 'programs'");
	EXPECT_ERROR(GW TWO_PROGRAMS "policy = {\n  programs = [\"r\"]; };\n",
		     5, "policy: unknown program 'r' in 'programs'");
}

static void test_sections_read_into_structs(void)
{
	const struct vg_config *cfg = EXPECT_VALID(GW
		"attestation = { required = false; pcrs = [0, 7, 23]; grant_ttl = 30;\n"
		"  reattest_interval = 10; on_failure = \"isolate\"; };\n"
		"signatures = ( { name = \"nop\"; hex = \"90aB\"; action = \"alert\"; } );\n"
		"programs = ( { name = \"p\"; object = \"/o.o\"; } );\n"
		"operators = ( { name = \"ann\"; certificate = \"/a.pem\"; role = \"admin\"; } );\n");

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_FALSE(cfg->attestation.required);
	CU_ASSERT_EQUAL(cfg->attestation.pcr_mask, (1u << 0) | (1u << 7) | (1u << 23));
	CU_ASSERT_EQUAL(cfg->attestation.grant_ttl_s, 30);
	CU_ASSERT_EQUAL(cfg->attestation.reattest_interval_s, 10);
	CU_ASSERT_EQUAL(cfg->attestation.on_failure, VG_ON_FAILURE_ISOLATE);
	CU_ASSERT_EQUAL_FATAL(cfg->n_signatures, 1);
	CU_ASSERT_EQUAL_FATAL(cfg->signatures[0].len, 2);
	CU_ASSERT_EQUAL(cfg->signatures[0].pattern[0], 0x90);
	CU_ASSERT_EQUAL(cfg->signatures[0].pattern[1], 0xab);
	CU_ASSERT_EQUAL(cfg->signatures[0].action, VG_SIG_ALERT);
	CU_ASSERT_EQUAL_FATAL(cfg->n_programs, 1);
	CU_ASSERT_STRING_EQUAL(cfg->programs[0].section, "filter");
	CU_ASSERT_EQUAL_FATAL(cfg->n_operators, 1);
	CU_ASSERT_EQUAL(cfg->operators[0].role, VG_ROLE_ADMIN);
	vg_config_free(cfg);
}

static const struct vg_test tests[] = {
	VG_TEST(test_reattest_must_come_before_grants_expire),
	VG_TEST(test_short_ttl_against_default_reattest_is_refused),
	VG_TEST(test_pcr_out_of_range_is_refused),
	VG_TEST(test_pcr_listed_twice_is_refused),
	VG_TEST(test_on_failure_must_be_restart_or_isolate),
	VG_TEST(test_required_must_be_a_boolean),
	VG_TEST(test_operator_role_must_be_user_or_admin),
	VG_TEST(test_operator_needs_a_certificate),
	VG_TEST(test_duplicate_operator_is_refused),
	VG_TEST(test_signature_needs_exactly_one_pattern),
	VG_TEST(test_signature_hex_must_be_hex),
	VG_TEST(test_signature_regex_is_checked_at_load),
	VG_TEST(test_conntrack_section_is_bounded_and_checked),
	VG_TEST(test_duplicate_signature_is_refused),
	VG_TEST(test_program_needs_an_object),
	VG_TEST(test_programs_attach_to_guests_and_to_the_policy),
	VG_TEST(test_unknown_or_repeated_attached_programs_are_refused),
	VG_TEST(test_sections_read_into_structs),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = { { "config-sections", NULL, NULL, tests }, { NULL } };

	return vg_test_main(suites);
}
