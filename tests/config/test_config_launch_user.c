/* SPDX-License-Identifier: BSD-3-Clause */
/* A guest's launch.user (QEMU's unprivileged user) and launch.seed (the
 * directory of its seed disk's files): read as given, never root, a user
 * name and nothing else, one user per guest. */
#include <string.h>

#include "config_fixture.h"
#include "config_json.h"

#define SHA_A "\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\""
/* Guest a on lines 2-5 with LAUNCH (one line) as the rest of its launch. */
#define GUEST_A(launch) \
	"guests = (\n" \
	"  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\";\n" \
	"    launch = { kernel = \"/k\"; " launch " };\n" \
	"    measurements = { kernel = " SHA_A "; }; }\n"

static void test_user_and_seed_are_read(void)
{
	const struct vg_config *c =
		EXPECT_VALID(GW GUEST_A("user = \"vg-web_1.q\"; seed = \"/var/lib/vmgate/seed/a\";")
			     ");\n");

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_STRING_EQUAL(c->guests[0].launch.user, "vg-web_1.q");
	CU_ASSERT_STRING_EQUAL(c->guests[0].launch.seed, "/var/lib/vmgate/seed/a");
	vg_config_free(c);
}

static void test_user_and_seed_are_unset_by_default(void)
{
	const struct vg_config *c = EXPECT_VALID(GW GUEST_A("") ");\n");

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_PTR_NULL(c->guests[0].launch.user);
	CU_ASSERT_PTR_NULL(c->guests[0].launch.seed);
	vg_config_free(c);
}

static void test_root_is_refused(void)
{
	EXPECT_ERROR(GW GUEST_A("user = \"root\";") ");\n", 4,
		     "guest 'a': 'user' must not be root: QEMU runs as an unprivileged user");
}

static void test_user_that_is_no_name_is_refused(void)
{
	EXPECT_ERROR(GW GUEST_A("user = \"nobody; rm\";") ");\n", 4,
		     "guest 'a': 'user' is not a user name: 'nobody; rm'");
	EXPECT_ERROR(GW GUEST_A("user = \"-o\";") ");\n", 4,
		     "guest 'a': 'user' is not a user name: '-o'");
	/* A uid is not a name: "0" would be root by another spelling. */
	EXPECT_ERROR(GW GUEST_A("user = \"0\";") ");\n", 4,
		     "guest 'a': 'user' is not a user name: '0'");
	EXPECT_ERROR(GW GUEST_A("user = \"\";") ");\n", 4,
		     "guest 'a': 'user' is not a user name: ''");
	EXPECT_ERROR(GW GUEST_A("user = \"u23456789012345678901234567890123\";") ");\n", 4,
		     "guest 'a': 'user' is not a user name: "
		     "'u23456789012345678901234567890123'");
	EXPECT_ERROR(GW GUEST_A("user = 1000;") ");\n", 4, "guest 'a': 'user' must be a string");
}

static void test_longest_user_name_is_accepted(void)
{
	const struct vg_config *c =
		EXPECT_VALID(GW GUEST_A("user = \"u2345678901234567890123456789012\";") ");\n");

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(strlen(c->guests[0].launch.user), 32);
	vg_config_free(c);
}

static void test_two_guests_with_one_user_are_refused(void)
{
	EXPECT_ERROR(GW GUEST_A("user = \"qemu-a\";") ",\n"
		     "  { name = \"b\"; mac = \"52:54:00:00:00:0b\"; ipv4 = \"10.0.0.11\";\n"
		     "    launch = { kernel = \"/k\";\n"
		     "      user = \"qemu-a\"; };\n"
		     "    measurements = { kernel = " SHA_A "; }; }\n"
		     ");\n", 9, "duplicate QEMU user 'qemu-a' (first at line 4)");
}

static void test_guests_with_their_own_users_load(void)
{
	const struct vg_config *c =
		EXPECT_VALID(GW GUEST_A("user = \"qemu-a\";") ",\n"
			     "  { name = \"b\"; mac = \"52:54:00:00:00:0b\"; ipv4 = \"10.0.0.11\";\n"
			     "    launch = { kernel = \"/k\"; user = \"qemu-b\"; };\n"
			     "    measurements = { kernel = " SHA_A "; }; }\n"
			     ");\n");

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_STRING_EQUAL(c->guests[1].launch.user, "qemu-b");
	vg_config_free(c);
}

static void test_empty_seed_is_refused(void)
{
	EXPECT_ERROR(GW GUEST_A("seed = \"\";") ");\n", 4, "guest 'a': 'seed' must not be empty");
	EXPECT_ERROR(GW GUEST_A("seed = [\"/s\"];") ");\n", 4, "guest 'a': 'seed' must be a string");
}

static void test_relative_seed_is_the_policy_files(void)
{
	const struct vg_config *c = EXPECT_VALID(GW GUEST_A("seed = \"seed/a\";") ");\n");

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	/* Resolved against the policy file's directory, like every path. */
	CU_ASSERT_PTR_NOT_NULL(c->guests[0].launch.seed);
	if (c->guests[0].launch.seed) {
		CU_ASSERT_EQUAL(c->guests[0].launch.seed[0], '/');
		CU_ASSERT_PTR_NOT_NULL(strstr(c->guests[0].launch.seed, "/seed/a"));
	}
	vg_config_free(c);
}

/* vmgatectl --json check shows them with the rest of the launch. */
static void test_json_shows_user_and_seed(void)
{
	const struct vg_config *c =
		EXPECT_VALID(GW GUEST_A("user = \"qemu-a\"; seed = \"/srv/seed/a\";") ");\n");
	struct json_object *doc, *guests, *launch, *v;

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	doc = vg_config_to_json(c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	CU_ASSERT_FATAL(json_object_object_get_ex(doc, "guests", &guests));
	CU_ASSERT_FATAL(json_object_object_get_ex(json_object_array_get_idx(guests, 0), "launch",
						  &launch));
	CU_ASSERT(json_object_object_get_ex(launch, "user", &v) &&
		  strcmp(json_object_get_string(v), "qemu-a") == 0);
	CU_ASSERT(json_object_object_get_ex(launch, "seed", &v) &&
		  strcmp(json_object_get_string(v), "/srv/seed/a") == 0);
	json_object_put(doc);
	vg_config_free(c);
}

static const struct vg_test tests[] = {
	VG_TEST(test_user_and_seed_are_read),
	VG_TEST(test_user_and_seed_are_unset_by_default),
	VG_TEST(test_root_is_refused),
	VG_TEST(test_user_that_is_no_name_is_refused),
	VG_TEST(test_longest_user_name_is_accepted),
	VG_TEST(test_two_guests_with_one_user_are_refused),
	VG_TEST(test_guests_with_their_own_users_load),
	VG_TEST(test_empty_seed_is_refused),
	VG_TEST(test_relative_seed_is_the_policy_files),
	VG_TEST(test_json_shows_user_and_seed),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = { { "config-launch-user", NULL, NULL, tests }, { NULL } };

	return vg_test_main(suites);
}
