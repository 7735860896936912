/* SPDX-License-Identifier: BSD-3-Clause */
/* The guests list: identities, sockets, launch parts, measurements. */
#include <stdio.h>
#include <string.h>

#include "config_fixture.h"

/* One guest per line. */
#define GUEST_A "  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10/24\"; }"
#define GUEST_B "  { name = \"b\"; mac = \"52:54:00:00:00:0b\"; ipv4 = \"10.0.0.11/24\"; }"

#define SHA_A "\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\""

static void test_guest_needs_a_mac(void)
{
	EXPECT_ERROR(GW "guests = (\n"
		     "  { name = \"a\";\n"
		     "    ipv4 = \"10.0.0.10\"; }\n"
		     ");\n", 3, "guest 'a': missing required key 'mac'");
}

static void test_malformed_mac_is_refused(void)
{
	EXPECT_ERROR(GW "guests = (\n"
		     "  { name = \"a\";\n"
		     "    mac = \"52:54:00:zz:00:01\";\n"
		     "    ipv4 = \"10.0.0.10\"; }\n"
		     ");\n", 4,
		     "guest 'a': invalid MAC address '52:54:00:zz:00:01' (want a unicast aa:bb:cc:dd:ee:ff)");
}

static void test_multicast_mac_cannot_own_a_port(void)
{
	EXPECT_ERROR(GW "guests = (\n"
		     "  { name = \"a\"; mac = \"01:00:5e:00:00:01\"; ipv4 = \"10.0.0.10\"; }\n"
		     ");\n", 3,
		     "guest 'a': invalid MAC address '01:00:5e:00:00:01' (want a unicast aa:bb:cc:dd:ee:ff)");
}

static void test_malformed_ipv6_is_refused(void)
{
	EXPECT_ERROR(GW "guests = (\n"
		     "  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv6 = \"fd00::1::2\"; }\n"
		     ");\n", 3, "guest 'a': invalid IPv6 address 'fd00::1::2'");
}

static void test_guest_needs_an_address(void)
{
	EXPECT_ERROR(GW "guests = (\n"
		     "  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; }\n"
		     ");\n", 3, "guest 'a': needs 'ipv4' or 'ipv6'");
}

static void test_duplicate_guest_name_is_refused(void)
{
	EXPECT_ERROR(GW "guests = (\n"
		     GUEST_A ",\n"
		     "  { name = \"a\"; mac = \"52:54:00:00:00:0b\"; ipv4 = \"10.0.0.11/24\"; }\n"
		     ");\n", 4, "duplicate guest name 'a' (first at line 3)");
}

static void test_duplicate_mac_is_refused(void)
{
	EXPECT_ERROR(GW "guests = (\n"
		     GUEST_A ",\n"
		     "  { name = \"b\"; mac = \"52:54:00:00:00:0A\"; ipv4 = \"10.0.0.11/24\"; }\n"
		     ");\n", 4, "duplicate MAC address '52:54:00:00:00:0a' (first at line 3)");
}

static void test_duplicate_ipv4_is_refused_whatever_the_prefix(void)
{
	EXPECT_ERROR(GW "guests = (\n"
		     GUEST_A ",\n"
		     "  { name = \"b\"; mac = \"52:54:00:00:00:0b\"; ipv4 = \"10.0.0.10/32\"; }\n"
		     ");\n", 4, "duplicate IPv4 address '10.0.0.10' (first at line 3)");
}

static void test_guest_cannot_take_the_gateway_address(void)
{
	EXPECT_ERROR(GW "guests = (\n"
		     "  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.1/24\"; }\n"
		     ");\n", 3, "duplicate IPv4 address '10.0.0.1' (first at line 1)");
}

static void test_duplicate_vhost_socket_is_refused(void)
{
	/* b names explicitly the socket a gets by default. */
	EXPECT_ERROR(GW "guests = (\n"
		     GUEST_A ",\n"
		     "  { name = \"b\"; mac = \"52:54:00:00:00:0b\"; ipv4 = \"10.0.0.11\";\n"
		     "    vhost_socket = \"vhost-a.sock\"; }\n"
		     ");\n", 5,
		     "duplicate vhost-user socket '/run/vmgate/vhost-a.sock' (first at line 3)");
}

static void test_socket_path_longer_than_sun_path_is_refused(void)
{
	char text[1024];
	char path[120];

	memset(path, 'x', sizeof(path) - 1);
	path[0] = '/';
	path[sizeof(path) - 1] = '\0';
	snprintf(text, sizeof(text), GW "guests = (\n"
		 "  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\";\n"
		 "    vhost_socket = \"%s\"; }\n);\n", path);
	char expect[300];
	snprintf(expect, sizeof(expect),
		 "guest 'a': vhost-user socket path '%s' is longer than 107 bytes", path);
	EXPECT_ERROR(text, 4, expect);
}

static void test_guest_name_with_a_space_is_refused(void)
{
	EXPECT_ERROR(GW "guests = (\n"
		     "  { name = \"web server\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\"; }\n"
		     ");\n", 3,
		     "guest 1: invalid name 'web server' (letters, digits, '.', '_', '-'; at most 32)");
}

static void test_guest_name_any_is_reserved(void)
{
	EXPECT_ERROR(GW "guests = (\n"
		     "  { name = \"any\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\"; }\n"
		     ");\n", 3,
		     "guest 'any': the name 'any' is reserved (rules use it for every guest)");
}

static void test_group_listed_twice_is_refused(void)
{
	EXPECT_ERROR(GW "guests = (\n"
		     "  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\";\n"
		     "    groups = [\"web\", \"web\"]; }\n"
		     ");\n", 4, "guest 'a': group 'web' is listed twice");
}

static void test_launch_part_needs_a_measurement(void)
{
	EXPECT_ERROR(GW "guests = (\n"
		     "  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\";\n"
		     "    launch = {\n"
		     "      kernel = \"/boot/vmlinuz\";\n"
		     "      initrd = \"/boot/initrd\";\n"
		     "    };\n"
		     "    measurements = { kernel = " SHA_A "; };\n"
		     "  }\n"
		     ");\n", 6, "guest 'a': launch part 'initrd' has no approved measurement");
}

static void test_measurement_must_be_sha256_hex(void)
{
	EXPECT_ERROR(GW "guests = (\n"
		     "  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\";\n"
		     "    measurements = {\n"
		     "      disk = \"abc123\";\n"
		     "    };\n"
		     "  }\n"
		     ");\n", 5,
		     "guest 'a': measurement 'disk' must be 64 hex digits (SHA-256), not 'abc123'");
}

static void test_launch_needs_a_kernel(void)
{
	EXPECT_ERROR(GW "guests = (\n"
		     "  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\";\n"
		     "    launch = { memory_mb = 128; };\n"
		     "  }\n"
		     ");\n", 4, "guest 'a': missing required key 'kernel'");
}

static void test_unknown_launch_key_is_refused(void)
{
	EXPECT_ERROR(GW "guests = (\n"
		     "  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\";\n"
		     "    launch = { kernel = \"/k\";\n"
		     "               kernal_args = \"quiet\"; };\n"
		     "    measurements = { kernel = " SHA_A "; };\n"
		     "  }\n"
		     ");\n", 5, "guest 'a': unknown key 'kernal_args'");
}

static void test_rate_limit_needs_a_rate(void)
{
	EXPECT_ERROR(GW "guests = (\n"
		     "  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\";\n"
		     "    rate_limit = { burst_kb = 64; }; }\n"
		     ");\n", 4, "guest 'a': 'rate_limit' needs 'kbps' or 'pps'");
}

static void test_vhost_mode_must_be_client_or_server(void)
{
	EXPECT_ERROR(GW "guests = (\n"
		     "  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\";\n"
		     "    vhost_mode = \"master\"; }\n"
		     ");\n", 4,
		     "guest 'a': 'vhost_mode' must be one of client, server (got 'master')");
}

static void test_guest_entry_must_be_a_group(void)
{
	/* On one line: libconfig dates a scalar by the token that follows it. */
	EXPECT_ERROR(GW "guests = ( \"a\" );\n", 2, "guest 1: must be a group { ... }");
}

static void test_groups_collect_their_members(void)
{
	const struct vg_config *cfg = EXPECT_VALID(GW "guests = (\n"
		"  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\"; groups = [\"x\", \"y\"]; },\n"
		"  { name = \"b\"; mac = \"52:54:00:00:00:0b\"; ipv4 = \"10.0.0.11\"; groups = \"y\"; }\n"
		");\n");
	const struct vg_group *y;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_EQUAL(cfg->n_groups, 2);
	y = vg_config_group(cfg, "y");
	CU_ASSERT_PTR_NOT_NULL_FATAL(y);
	CU_ASSERT_EQUAL(y->n_members, 2);
	CU_ASSERT_EQUAL(y->members[0], 0);
	CU_ASSERT_EQUAL(y->members[1], 1);
	CU_ASSERT_EQUAL(vg_config_group(cfg, "x")->n_members, 1);
	CU_ASSERT_PTR_NULL(vg_config_group(cfg, "z"));
	CU_ASSERT_STRING_EQUAL(vg_config_guest(cfg, "b")->vhost_socket,
			       "/run/vmgate/vhost-b.sock");
	vg_config_free(cfg);
}

static void test_guest_named_like_the_gateway_is_refused(void)
{
	EXPECT_ERROR("gateway = { name = \"gw\"; control_ipv4 = \"10.0.0.1/24\"; };\n"
		     "guests = (\n"
		     "  { name = \"gw\"; mac = \"52:54:00:00:00:01\"; ipv4 = \"10.0.0.2/24\"; }\n"
		     ");\n", 3, "guest 'gw' has the gateway's name");
}

static const struct vg_test tests[] = {
	VG_TEST(test_guest_named_like_the_gateway_is_refused),
	VG_TEST(test_guest_needs_a_mac),
	VG_TEST(test_malformed_mac_is_refused),
	VG_TEST(test_multicast_mac_cannot_own_a_port),
	VG_TEST(test_malformed_ipv6_is_refused),
	VG_TEST(test_guest_needs_an_address),
	VG_TEST(test_duplicate_guest_name_is_refused),
	VG_TEST(test_duplicate_mac_is_refused),
	VG_TEST(test_duplicate_ipv4_is_refused_whatever_the_prefix),
	VG_TEST(test_guest_cannot_take_the_gateway_address),
	VG_TEST(test_duplicate_vhost_socket_is_refused),
	VG_TEST(test_socket_path_longer_than_sun_path_is_refused),
	VG_TEST(test_guest_name_with_a_space_is_refused),
	VG_TEST(test_guest_name_any_is_reserved),
	VG_TEST(test_group_listed_twice_is_refused),
	VG_TEST(test_launch_part_needs_a_measurement),
	VG_TEST(test_measurement_must_be_sha256_hex),
	VG_TEST(test_launch_needs_a_kernel),
	VG_TEST(test_unknown_launch_key_is_refused),
	VG_TEST(test_rate_limit_needs_a_rate),
	VG_TEST(test_vhost_mode_must_be_client_or_server),
	VG_TEST(test_guest_entry_must_be_a_group),
	VG_TEST(test_groups_collect_their_members),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = { { "config-guests", NULL, NULL, tests }, { NULL } };

	return vg_test_main(suites);
}
