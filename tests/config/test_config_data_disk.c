/* SPDX-License-Identifier: BSD-3-Clause */
/* A guest's encrypted data disk (launch.data_disk): read as a path, not
 * measured (it needs no approved value), and never one of the measured
 * parts. */
#include <string.h>

#include "config_fixture.h"

#define SHA_A "\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\""

static void test_data_disk_is_read_and_needs_no_measurement(void)
{
	const struct vg_config *c =
		EXPECT_VALID(GW "guests = (\n"
			     "  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\";\n"
			     "    launch = { kernel = \"/k\"; data_disk = \"/var/lib/a-data.img\"; };\n"
			     "    measurements = { kernel = " SHA_A "; };\n"
			     "  }\n"
			     ");\n");

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_STRING_EQUAL(c->guests[0].launch.data_disk, "/var/lib/a-data.img");
	CU_ASSERT_EQUAL(c->guests[0].measurements.disk.n, 0);
	vg_config_free(c);
}

static void test_no_data_disk_by_default(void)
{
	const struct vg_config *c =
		EXPECT_VALID(GW "guests = (\n"
			     "  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\";\n"
			     "    launch = { kernel = \"/k\"; };\n"
			     "    measurements = { kernel = " SHA_A "; };\n"
			     "  }\n"
			     ");\n");

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_PTR_NULL(c->guests[0].launch.data_disk);
	vg_config_free(c);
}

static void test_data_disk_cannot_be_the_measured_disk(void)
{
	EXPECT_ERROR(GW "guests = (\n"
		     "  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\";\n"
		     "    launch = { kernel = \"/k\"; disk = \"/img/a.img\";\n"
		     "               data_disk = \"/img/a.img\"; };\n"
		     "    measurements = { kernel = " SHA_A "; disk = " SHA_A "; };\n"
		     "  }\n"
		     ");\n", 5, "guest 'a': 'data_disk' must not be a measured launch part");
}

static void test_data_disk_cannot_be_the_kernel(void)
{
	EXPECT_ERROR(GW "guests = (\n"
		     "  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\";\n"
		     "    launch = { kernel = \"/k\"; data_disk = \"/k\"; };\n"
		     "    measurements = { kernel = " SHA_A "; };\n"
		     "  }\n"
		     ");\n", 4, "guest 'a': 'data_disk' must not be a measured launch part");
}

static void test_data_disk_must_not_be_empty(void)
{
	EXPECT_ERROR(GW "guests = (\n"
		     "  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\";\n"
		     "    launch = { kernel = \"/k\"; data_disk = \"\"; };\n"
		     "    measurements = { kernel = " SHA_A "; };\n"
		     "  }\n"
		     ");\n", 4, "guest 'a': 'data_disk' must not be empty");
}

static const struct vg_test tests[] = {
	VG_TEST(test_data_disk_is_read_and_needs_no_measurement),
	VG_TEST(test_no_data_disk_by_default),
	VG_TEST(test_data_disk_cannot_be_the_measured_disk),
	VG_TEST(test_data_disk_cannot_be_the_kernel),
	VG_TEST(test_data_disk_must_not_be_empty),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = { { "config-data-disk", NULL, NULL, tests }, { NULL } };

	return vg_test_main(suites);
}
