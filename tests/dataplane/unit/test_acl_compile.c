/* SPDX-License-Identifier: BSD-3-Clause */
/* acl_compile: how many rte_acl entries each kind of rule expands to.
 * Which entry wins is proven by test_pipeline.c on real frames. */
#include <rte_acl.h>

#include "acl_compile.h"
#include "config_fixture.h"
#include "cunit_runner.h"
#include "dp_fixture.h"

#define GUESTS GW "guests = (\n" \
	"  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\"; groups = [\"web\"]; },\n" \
	"  { name = \"b\"; mac = \"52:54:00:00:00:0b\"; ipv4 = \"10.0.0.11\"; }\n" \
	");\n"
#define RULES(r) GUESTS "policy = { rules = (\n" r "\n); };\n"

struct compiled {
	int rc;
	struct rte_acl_ctx *ctx;
	uint32_t n_entries;
};

/* Compiles the policy of text; the caller frees ctx. */
static struct compiled compile(const char *text)
{
	static uint64_t generation;
	struct compiled c = { .rc = -1 };
	struct vg_diag *diag;
	const struct vg_config *cfg = load_text(text, &diag);
	const char *err = NULL;

	if (!cfg)
		vg_diag_print(diag, stderr);
	vg_diag_free(diag);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	c.rc = acl_compile(cfg, ++generation, &c.ctx, &c.n_entries, &err);
	if (c.rc < 0)
		fprintf(stderr, "\n  acl_compile: %s", err);
	vg_config_free(cfg);
	return c;
}

/* The rules (a list body) compile into n entries. */
#define EXPECT_ENTRIES(rules, n) expect_entries(RULES(rules), n)
static void expect_entries(const char *text, uint32_t n)
{
	struct compiled c = compile(text);

	CU_ASSERT_EQUAL(c.rc, 0);
	CU_ASSERT_PTR_NOT_NULL(c.ctx);
	CU_ASSERT_EQUAL(c.n_entries, n);
	if (c.n_entries != n)
		fprintf(stderr, "\n  expected %u entries, got %u", n, c.n_entries);
	rte_acl_free(c.ctx);
}

static void test_two_port_ranges_by_three_source_ranges_give_six_entries(void)
{
	EXPECT_ENTRIES("{ from = \"a\"; to = \"b\"; proto = \"tcp\"; ports = \"80,8000-8080\";\n"
		       "  src_ports = \"1000-1999,3000,4000-4999\"; action = \"allow\"; }", 6);
}

/* Replies of stateful rules pass by their session (test_conntrack.c), no
 * longer by reverse entries: stateful adds no entry. */
static void test_stateful_allow_adds_no_entries(void)
{
	EXPECT_ENTRIES("{ from = \"a\"; to = \"b\"; proto = \"tcp\"; ports = \"80,8000-8080\";\n"
		       "  src_ports = \"1000-1999,3000,4000-4999\"; action = \"allow\";\n"
		       "  stateful = true; }", 6);
}

static void test_rule_without_ports_is_one_entry(void)
{
	EXPECT_ENTRIES("{ from = \"any\"; to = \"any\"; action = \"deny\"; }", 1);
}

static void test_stateful_udp_without_ports_is_one_entry(void)
{
	EXPECT_ENTRIES("{ from = \"@web\"; to = \"b\"; proto = \"udp\"; action = \"allow\";\n"
		       "  stateful = true; }", 1);
}

static void test_stateful_icmp_types_are_one_entry_each(void)
{
	/* Reply types (0, 14) are no longer entries of their own. */
	EXPECT_ENTRIES("{ from = \"a\"; to = \"b\"; proto = \"icmp\"; icmp_types = [3, 8, 11, 13];\n"
		       "  action = \"allow\"; stateful = true; }", 4);
	EXPECT_ENTRIES("{ from = \"a\"; to = \"b\"; proto = \"icmpv6\"; icmp_types = 128;\n"
		       "  action = \"allow\"; stateful = true; }", 1);
}

static void test_entries_of_all_rules_add_up(void)
{
	EXPECT_ENTRIES("{ from = \"any\"; to = \"any\"; proto = \"tcp\"; ports = 22; action = \"deny\"; },\n"
		       "{ from = \"a\"; to = \"b\"; proto = \"tcp\"; ports = [80, 443];\n"
		       "  action = \"allow\"; stateful = true; },\n"
		       "{ from = \"b\"; to = \"a\"; proto = \"udp\"; fragments = true; action = \"allow\"; }",
		       1 + 2 + 1);
}

static void test_no_rules_give_no_context_and_no_entries(void)
{
	struct compiled c = compile(GUESTS "policy = { default = \"allow\"; };\n");

	CU_ASSERT_EQUAL(c.rc, 0);
	CU_ASSERT_PTR_NULL(c.ctx);
	CU_ASSERT_EQUAL(c.n_entries, 0);
	rte_acl_free(c.ctx);
}

static const struct vg_test tests[] = {
	VG_TEST(test_two_port_ranges_by_three_source_ranges_give_six_entries),
	VG_TEST(test_stateful_allow_adds_no_entries),
	VG_TEST(test_rule_without_ports_is_one_entry),
	VG_TEST(test_stateful_udp_without_ports_is_one_entry),
	VG_TEST(test_stateful_icmp_types_are_one_entry_each),
	VG_TEST(test_entries_of_all_rules_add_up),
	VG_TEST(test_no_rules_give_no_context_and_no_entries),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = {
		{ "dataplane-acl-compile", dp_eal_start, dp_eal_stop, tests }, { NULL },
	};

	return vg_test_main(suites);
}
