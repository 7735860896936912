/* SPDX-License-Identifier: BSD-3-Clause */
/* The gateway and root_tpm sections. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "config_fixture.h"

static void test_gateway_needs_a_name(void)
{
	EXPECT_ERROR("gateway = {\n"
		     "  control_ipv4 = \"10.0.0.1/24\";\n"
		     "};\n", 1, "gateway: missing required key 'name'");
}

static void test_gateway_name_must_be_a_string(void)
{
	EXPECT_ERROR("gateway = {\n"
		     "  name = 5;\n"
		     "  control_ipv4 = \"10.0.0.1/24\";\n"
		     "};\n", 2, "gateway: 'name' must be a string");
}

static void test_gateway_must_be_a_group(void)
{
	EXPECT_ERROR("\ngateway = \"gw\";\n", 2, "'gateway' must be a group { ... }");
}

static void test_runtime_dir_must_be_absolute(void)
{
	EXPECT_ERROR("gateway = {\n"
		     "  name = \"gw\";\n"
		     "  control_ipv4 = \"10.0.0.1/24\";\n"
		     "  runtime_dir = \"run/vmgate\";\n"
		     "};\n", 4, "gateway: 'runtime_dir' must be an absolute path");
}

static void test_gateway_needs_a_control_address(void)
{
	EXPECT_ERROR("gateway = {\n"
		     "  name = \"gw\";\n"
		     "};\n", 1,
		     "gateway: needs 'control_ipv4' or 'control_ipv6' (the address authd listens on)");
}

static void test_malformed_control_ipv4_is_refused(void)
{
	EXPECT_ERROR("gateway = {\n"
		     "  name = \"gw\";\n"
		     "  control_ipv4 = \"10.0.0.300/24\";\n"
		     "};\n", 3, "gateway: invalid IPv4 address '10.0.0.300/24'");
}

static void test_prefix_longer_than_the_family_is_refused(void)
{
	EXPECT_ERROR("gateway = {\n"
		     "  name = \"gw\";\n"
		     "  control_ipv4 = \"10.0.0.1/33\";\n"
		     "};\n", 3, "gateway: invalid IPv4 address '10.0.0.1/33'");
}

static void test_ipv4_text_in_an_ipv6_key_is_refused(void)
{
	EXPECT_ERROR("gateway = {\n"
		     "  name = \"gw\";\n"
		     "  control_ipv6 = \"10.0.0.1/24\";\n"
		     "};\n", 3, "gateway: invalid IPv6 address '10.0.0.1/24'");
}

static void test_unknown_idle_mode_is_refused(void)
{
	EXPECT_ERROR("gateway = {\n"
		     "  name = \"gw\";\n"
		     "  control_ipv4 = \"10.0.0.1/24\";\n"
		     "  idle = \"sleepy\";\n"
		     "};\n", 4,
		     "gateway: 'idle' must be one of adaptive, interrupt, poll (got 'sleepy')");
}

static void test_memory_out_of_range_is_refused(void)
{
	EXPECT_ERROR("gateway = {\n"
		     "  name = \"gw\";\n"
		     "  control_ipv4 = \"10.0.0.1/24\";\n"
		     "  memory_mb = 16;\n"
		     "};\n", 4, "gateway: 'memory_mb' must be between 64 and 65536 (got 16)");
}

static void test_core_listed_twice_is_refused(void)
{
	EXPECT_ERROR("gateway = {\n"
		     "  name = \"gw\";\n"
		     "  control_ipv4 = \"10.0.0.1/24\";\n"
		     "  cores = [0,\n"
		     "           1,\n"
		     "           0];\n"
		     "};\n", 6, "gateway: core 0 is listed twice");
}

static void test_core_out_of_range_is_refused(void)
{
	EXPECT_ERROR("gateway = {\n"
		     "  name = \"gw\";\n"
		     "  control_ipv4 = \"10.0.0.1/24\";\n"
		     "  cores = [4096];\n"
		     "};\n", 4, "gateway: core 4096 is out of range 0-1023");
}

static void test_unknown_gateway_key_is_refused(void)
{
	EXPECT_ERROR("gateway = {\n"
		     "  name = \"gw\";\n"
		     "  control_ipv4 = \"10.0.0.1/24\";\n"
		     "  hugepage = \"on\";\n"
		     "};\n", 4, "gateway: unknown key 'hugepage'");
}

static void test_unknown_tcti_is_refused(void)
{
	EXPECT_ERROR(GW "root_tpm = {\n"
		     "  tcti = \"tpm:/dev/tpm0\";\n"
		     "};\n", 3,
		     "root_tpm: unknown TCTI 'tpm:/dev/tpm0' (want device:, swtpm:, mssim: or tabrmd:)");
}

static void test_vtpm_state_dir_must_be_absolute(void)
{
	EXPECT_ERROR(GW "root_tpm = {\n"
		     "  state_dir = \"vtpm\";\n"
		     "};\n", 3, "root_tpm: 'state_dir' must be an absolute path");
}

static void test_measured_files_resolve_against_the_policy_directory(void)
{
	const struct vg_config *cfg = EXPECT_VALID(GW "root_tpm = {\n"
		"  measure = [\"bin/vmgate-dataplane\", \"/usr/sbin/vmgate-authd\"];\n"
		"};\n");
	char cwd[PATH_MAX], want[PATH_MAX + 32];

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_EQUAL_FATAL(cfg->root_tpm.n_measure, 2);
	/* The fixture's file is "test.conf" in the current directory. */
	CU_ASSERT_PTR_NOT_NULL_FATAL(realpath(".", cwd));
	snprintf(want, sizeof(want), "%s/bin/vmgate-dataplane", cwd);
	CU_ASSERT_STRING_EQUAL(cfg->root_tpm.measure[0], want);
	CU_ASSERT_STRING_EQUAL(cfg->root_tpm.measure[1], "/usr/sbin/vmgate-authd");
	vg_config_free(cfg);
}

static void test_gateway_defaults(void)
{
	const struct vg_config *cfg = EXPECT_VALID(GW);

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_STRING_EQUAL(cfg->gateway.name, "gw");
	CU_ASSERT_STRING_EQUAL(cfg->gateway.runtime_dir, "/run/vmgate");
	CU_ASSERT_EQUAL(cfg->gateway.idle, VG_IDLE_ADAPTIVE);
	CU_ASSERT_EQUAL(cfg->gateway.hugepages, VG_HUGEPAGES_AUTO);
	CU_ASSERT_EQUAL(cfg->gateway.memory_mb, 1024);
	CU_ASSERT_EQUAL(cfg->gateway.n_cores, 1);
	CU_ASSERT_EQUAL(cfg->gateway.cores[0], 0);
	CU_ASSERT_TRUE(cfg->gateway.has_control_ipv4);
	CU_ASSERT_FALSE(cfg->gateway.has_control_ipv6);
	CU_ASSERT_EQUAL(cfg->gateway.control_ipv4.len, 24);
	CU_ASSERT_STRING_EQUAL(cfg->root_tpm.tcti, "device:/dev/tpmrm0");
	CU_ASSERT_STRING_EQUAL(cfg->root_tpm.state_dir, "/var/lib/vmgate/vtpm");
	CU_ASSERT_EQUAL(cfg->root_tpm.n_measure, 0);
	CU_ASSERT_EQUAL(cfg->n_guests, 0);
	CU_ASSERT_EQUAL(cfg->policy.default_action, VG_ACTION_DENY);
	CU_ASSERT_TRUE(cfg->attestation.required);
	vg_config_free(cfg);
}

static const struct vg_test tests[] = {
	VG_TEST(test_gateway_needs_a_name),
	VG_TEST(test_gateway_name_must_be_a_string),
	VG_TEST(test_gateway_must_be_a_group),
	VG_TEST(test_runtime_dir_must_be_absolute),
	VG_TEST(test_gateway_needs_a_control_address),
	VG_TEST(test_malformed_control_ipv4_is_refused),
	VG_TEST(test_prefix_longer_than_the_family_is_refused),
	VG_TEST(test_ipv4_text_in_an_ipv6_key_is_refused),
	VG_TEST(test_unknown_idle_mode_is_refused),
	VG_TEST(test_memory_out_of_range_is_refused),
	VG_TEST(test_core_listed_twice_is_refused),
	VG_TEST(test_core_out_of_range_is_refused),
	VG_TEST(test_unknown_gateway_key_is_refused),
	VG_TEST(test_unknown_tcti_is_refused),
	VG_TEST(test_vtpm_state_dir_must_be_absolute),
	VG_TEST(test_measured_files_resolve_against_the_policy_directory),
	VG_TEST(test_gateway_defaults),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = { { "config-gateway", NULL, NULL, tests }, { NULL } };

	return vg_test_main(suites);
}
