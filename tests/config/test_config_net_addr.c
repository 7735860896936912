/* SPDX-License-Identifier: BSD-3-Clause */
/* MAC and IP text forms. */
#include <errno.h>
#include <string.h>

#include "cunit_runner.h"
#include "net_addr.h"

static void test_mac_parses_both_separators(void)
{
	struct vg_mac a, b;

	CU_ASSERT_EQUAL(vg_mac_parse("52:54:00:ab:CD:ef", &a), 0);
	CU_ASSERT_EQUAL(vg_mac_parse("52-54-00-AB-cd-EF", &b), 0);
	CU_ASSERT_EQUAL(memcmp(a.bytes, b.bytes, 6), 0);
	CU_ASSERT_EQUAL(a.bytes[3], 0xab);
	CU_ASSERT_EQUAL(a.bytes[5], 0xef);
}

static void test_mac_rejects_partial_and_mixed_forms(void)
{
	struct vg_mac m;

	CU_ASSERT_EQUAL(vg_mac_parse("52:54:00:ab:cd", &m), -EINVAL);
	CU_ASSERT_EQUAL(vg_mac_parse("52:54:00:ab:cd:ef:", &m), -EINVAL);
	CU_ASSERT_EQUAL(vg_mac_parse("52:54-00:ab:cd:ef", &m), -EINVAL);
	CU_ASSERT_EQUAL(vg_mac_parse("ff:ff:ff:ff:ff:ff", &m), -EINVAL);
	CU_ASSERT_EQUAL(vg_mac_parse("", &m), -EINVAL);
}

static void test_ip_prefix_keeps_host_bits_and_length(void)
{
	struct vg_ip_prefix p;
	char buf[64];

	CU_ASSERT_EQUAL(vg_ip_prefix_parse("10.1.2.3/24", VG_AF_INET, &p), 0);
	CU_ASSERT_EQUAL(p.len, 24);
	CU_ASSERT_EQUAL(p.addr[3], 3);
	vg_ip_prefix_format(&p, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "10.1.2.3/24");
	CU_ASSERT_EQUAL(vg_ip_prefix_parse("fd00::1", VG_AF_INET6, &p), 0);
	CU_ASSERT_EQUAL(p.len, 128);
	vg_ip_prefix_format(&p, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "fd00::1/128");
}

static void test_ip_prefix_rejects_bad_lengths(void)
{
	struct vg_ip_prefix p;

	CU_ASSERT_EQUAL(vg_ip_prefix_parse("10.0.0.1/", VG_AF_INET, &p), -EINVAL);
	CU_ASSERT_EQUAL(vg_ip_prefix_parse("10.0.0.1/024", VG_AF_INET, &p), -EINVAL);
	CU_ASSERT_EQUAL(vg_ip_prefix_parse("10.0.0.1/2x", VG_AF_INET, &p), -EINVAL);
	CU_ASSERT_EQUAL(vg_ip_prefix_parse("fd00::1/129", VG_AF_INET6, &p), -EINVAL);
	CU_ASSERT_EQUAL(vg_ip_prefix_parse("/24", VG_AF_INET, &p), -EINVAL);
	CU_ASSERT_EQUAL(vg_ip_prefix_parse("10.0.0.1 ", VG_AF_INET, &p), -EINVAL);
}

static const struct vg_test tests[] = {
	VG_TEST(test_mac_parses_both_separators),
	VG_TEST(test_mac_rejects_partial_and_mixed_forms),
	VG_TEST(test_ip_prefix_keeps_host_bits_and_length),
	VG_TEST(test_ip_prefix_rejects_bad_lengths),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = { { "config-net-addr", NULL, NULL, tests }, { NULL } };

	return vg_test_main(suites);
}
