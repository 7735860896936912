/* SPDX-License-Identifier: BSD-3-Clause */
/* The policy and its rules: references, ports, protocols, actions. */
#include "config_fixture.h"

/* Lines 1-7; the first rule is on line 8. */
#define HEAD GW "guests = (\n" \
	"  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\"; groups = [\"web\"]; },\n" \
	"  { name = \"b\"; mac = \"52:54:00:00:00:0b\"; ipv4 = \"10.0.0.11\"; groups = [\"db\"]; }\n" \
	");\n" \
	"signatures = ( { name = \"sig\"; pattern = \"evil\"; } );\n" \
	"policy = { rules = (\n"
#define TAIL "  );\n};\n"

static void test_rule_naming_an_unknown_guest_is_refused(void)
{
	EXPECT_ERROR(HEAD "    { from = \"a\"; to = \"c\"; action = \"allow\"; }\n" TAIL, 8,
		     "rule 1: unknown guest 'c' in 'to'");
}

static void test_rule_naming_an_unknown_group_is_refused(void)
{
	EXPECT_ERROR(HEAD "    { name = \"r\"; from = \"@dbs\"; to = \"b\"; action = \"allow\"; }\n"
		     TAIL, 8, "rule 'r': unknown group '@dbs' in 'from' (no guest lists it)");
}

static void test_port_above_65535_is_refused(void)
{
	EXPECT_ERROR(HEAD "    { from = \"a\"; to = \"b\"; proto = \"tcp\";\n"
		     "      ports = [80, 70000]; action = \"allow\"; }\n" TAIL, 9,
		     "rule 1: port 70000 is out of range 0-65535");
}

static void test_port_in_a_string_above_65535_is_refused(void)
{
	EXPECT_ERROR(HEAD "    { from = \"a\"; to = \"b\"; proto = \"udp\";\n"
		     "      ports = \"53,65536\"; action = \"allow\"; }\n" TAIL, 9,
		     "rule 1: port 65536 is out of range 0-65535");
}

static void test_negative_port_is_refused(void)
{
	EXPECT_ERROR(HEAD "    { from = \"a\"; to = \"b\"; proto = \"udp\";\n"
		     "      src_ports = -1; action = \"allow\"; }\n" TAIL, 9,
		     "rule 1: port -1 is out of range 0-65535");
}

static void test_reversed_port_range_is_refused(void)
{
	EXPECT_ERROR(HEAD "    { from = \"a\"; to = \"b\"; proto = \"tcp\";\n"
		     "      ports = \"90-80\"; action = \"allow\"; }\n" TAIL, 9,
		     "rule 1: port range 90-80 is reversed");
}

static void test_malformed_port_list_is_refused(void)
{
	EXPECT_ERROR(HEAD "    { from = \"a\"; to = \"b\"; proto = \"tcp\";\n"
		     "      ports = \"80,,90\"; action = \"allow\"; }\n" TAIL, 9,
		     "rule 1: malformed port list '80,,90'");
}

static void test_ports_need_tcp_or_udp(void)
{
	EXPECT_ERROR(HEAD "    { from = \"a\"; to = \"b\"; proto = \"icmp\";\n"
		     "      ports = 80; action = \"allow\"; }\n" TAIL, 9,
		     "rule 1: 'ports' needs proto tcp or udp");
}

static void test_icmp_type_above_255_is_refused(void)
{
	EXPECT_ERROR(HEAD "    { from = \"a\"; to = \"b\"; proto = \"icmp\";\n"
		     "      icmp_types = [8,\n"
		     "                    256]; action = \"allow\"; }\n" TAIL, 10,
		     "rule 1: icmp type 256 is out of range 0-255");
}

static void test_icmp_types_need_an_icmp_proto(void)
{
	EXPECT_ERROR(HEAD "    { from = \"a\"; to = \"b\"; proto = \"tcp\";\n"
		     "      icmp_types = 8; action = \"allow\"; }\n" TAIL, 9,
		     "rule 1: 'icmp_types' needs proto icmp or icmpv6");
}

static void test_unknown_protocol_is_refused(void)
{
	EXPECT_ERROR(HEAD "    { from = \"a\"; to = \"b\"; proto = \"sctp\"; action = \"allow\"; }\n"
		     TAIL, 8,
		     "rule 1: 'proto' must be one of any, tcp, udp, icmp, icmpv6 (got 'sctp')");
}

static void test_rule_needs_an_action(void)
{
	EXPECT_ERROR(HEAD "    { from = \"a\"; to = \"b\"; }\n" TAIL, 8,
		     "rule 1: missing required key 'action'");
}

static void test_action_must_be_allow_or_deny(void)
{
	EXPECT_ERROR(HEAD "    { from = \"a\"; to = \"b\"; action = \"permit\"; }\n" TAIL, 8,
		     "rule 1: 'action' must be one of deny, allow (got 'permit')");
}

static void test_stateful_deny_is_refused(void)
{
	EXPECT_ERROR(HEAD "    { from = \"a\"; to = \"b\"; action = \"deny\";\n"
		     "      stateful = true; }\n" TAIL, 9,
		     "rule 1: 'stateful' applies only to allow rules");
}

static void test_stateful_must_be_a_boolean(void)
{
	EXPECT_ERROR(HEAD "    { from = \"a\"; to = \"b\"; action = \"allow\"; stateful = \"yes\"; }\n"
		     TAIL, 8, "rule 1: 'stateful' must be true or false");
}

static void test_inspect_naming_an_unknown_signature_is_refused(void)
{
	EXPECT_ERROR(HEAD "    { from = \"a\"; to = \"b\"; action = \"allow\";\n"
		     "      inspect = [\"sig\", \"nosuch\"]; }\n" TAIL, 9,
		     "rule 1: unknown signature 'nosuch' in 'inspect'");
}

static void test_programs_naming_an_unknown_program_is_refused(void)
{
	EXPECT_ERROR(HEAD "    { from = \"a\"; to = \"b\"; action = \"allow\";\n"
		     "      programs = \"nosuch\"; }\n" TAIL, 9,
		     "rule 1: unknown program 'nosuch' in 'programs'");
}

static void test_duplicate_rule_names_are_refused(void)
{
	EXPECT_ERROR(HEAD "    { name = \"r\"; from = \"a\"; to = \"b\"; action = \"allow\"; },\n"
		     "    { name = \"r\"; from = \"b\"; to = \"a\"; action = \"allow\"; }\n" TAIL, 9,
		     "duplicate rule name 'r' (first at line 8)");
}

static void test_unknown_rule_key_is_refused(void)
{
	EXPECT_ERROR(HEAD "    { name = \"r\"; from = \"a\"; to = \"b\"; action = \"allow\";\n"
		     "      port = 80; }\n" TAIL, 9, "rule 'r': unknown key 'port'");
}

static void test_second_unnamed_rule_is_named_by_position(void)
{
	EXPECT_ERROR(HEAD "    { from = \"a\"; to = \"b\"; action = \"allow\"; },\n"
		     "    { from = \"b\"; action = \"allow\"; }\n" TAIL, 9,
		     "rule 2: missing required key 'to'");
}

static void test_fragments_cannot_go_with_ports(void)
{
	EXPECT_ERROR(HEAD "    { from = \"a\"; to = \"b\"; proto = \"udp\"; ports = 53;\n"
		     "      fragments = true; action = \"allow\"; }\n" TAIL, 9,
		     "rule 1: 'fragments' cannot be combined with ports or ICMP types (later fragments carry neither)");
}

static void test_unknown_default_action_is_refused(void)
{
	EXPECT_ERROR(GW "policy = {\n  default = \"reject\";\n};\n", 3,
		     "policy: 'default' must be one of deny, allow (got 'reject')");
}

static void test_rules_keep_order_and_fields(void)
{
	const struct vg_config *cfg = EXPECT_VALID(HEAD
		"    { name = \"one\"; from = \"@web\"; to = \"b\"; proto = \"tcp\";\n"
		"      ports = (22, \"8000-8080\"); src_ports = \"1024-65535\";\n"
		"      action = \"allow\"; stateful = true; inspect = \"sig\"; },\n"
		"    { from = \"any\"; to = \"any\"; proto = \"icmpv6\"; icmp_types = [128, 129];\n"
		"      action = \"deny\"; }\n" TAIL);
	const struct vg_rule *r;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_EQUAL_FATAL(cfg->policy.n_rules, 2);
	r = &cfg->policy.rules[0];
	CU_ASSERT_STRING_EQUAL(r->name, "one");
	CU_ASSERT_EQUAL(r->line, 8);
	CU_ASSERT_EQUAL(r->from.kind, VG_EP_GROUP);
	CU_ASSERT_STRING_EQUAL(cfg->groups[r->from.index].name, "web");
	CU_ASSERT_EQUAL(r->to.kind, VG_EP_GUEST);
	CU_ASSERT_EQUAL(r->to.index, 1);
	CU_ASSERT_EQUAL(r->proto, VG_PROTO_TCP);
	CU_ASSERT_EQUAL_FATAL(r->n_ports, 2);
	CU_ASSERT_EQUAL(r->ports[0].lo, 22);
	CU_ASSERT_EQUAL(r->ports[0].hi, 22);
	CU_ASSERT_EQUAL(r->ports[1].lo, 8000);
	CU_ASSERT_EQUAL(r->ports[1].hi, 8080);
	CU_ASSERT_EQUAL_FATAL(r->n_src_ports, 1);
	CU_ASSERT_EQUAL(r->src_ports[0].lo, 1024);
	CU_ASSERT_EQUAL(r->src_ports[0].hi, 65535);
	CU_ASSERT_EQUAL(r->action, VG_ACTION_ALLOW);
	CU_ASSERT_TRUE(r->stateful);
	CU_ASSERT_EQUAL_FATAL(r->n_inspect, 1);
	CU_ASSERT_EQUAL(r->inspect[0], 0);
	r = &cfg->policy.rules[1];
	CU_ASSERT_STRING_EQUAL(r->name, "#2");
	CU_ASSERT_EQUAL(r->from.kind, VG_EP_ANY);
	CU_ASSERT_EQUAL(r->to.kind, VG_EP_ANY);
	CU_ASSERT_EQUAL(r->proto, VG_PROTO_ICMPV6);
	CU_ASSERT_EQUAL_FATAL(r->n_icmp_types, 2);
	CU_ASSERT_EQUAL(r->icmp_types[1], 129);
	CU_ASSERT_EQUAL(r->action, VG_ACTION_DENY);
	CU_ASSERT_FALSE(r->stateful);
	CU_ASSERT_EQUAL(cfg->policy.default_action, VG_ACTION_DENY);
	vg_config_free(cfg);
}

static const struct vg_test tests[] = {
	VG_TEST(test_rule_naming_an_unknown_guest_is_refused),
	VG_TEST(test_rule_naming_an_unknown_group_is_refused),
	VG_TEST(test_port_above_65535_is_refused),
	VG_TEST(test_port_in_a_string_above_65535_is_refused),
	VG_TEST(test_negative_port_is_refused),
	VG_TEST(test_reversed_port_range_is_refused),
	VG_TEST(test_malformed_port_list_is_refused),
	VG_TEST(test_ports_need_tcp_or_udp),
	VG_TEST(test_icmp_type_above_255_is_refused),
	VG_TEST(test_icmp_types_need_an_icmp_proto),
	VG_TEST(test_unknown_protocol_is_refused),
	VG_TEST(test_rule_needs_an_action),
	VG_TEST(test_action_must_be_allow_or_deny),
	VG_TEST(test_stateful_deny_is_refused),
	VG_TEST(test_stateful_must_be_a_boolean),
	VG_TEST(test_inspect_naming_an_unknown_signature_is_refused),
	VG_TEST(test_programs_naming_an_unknown_program_is_refused),
	VG_TEST(test_duplicate_rule_names_are_refused),
	VG_TEST(test_unknown_rule_key_is_refused),
	VG_TEST(test_second_unnamed_rule_is_named_by_position),
	VG_TEST(test_fragments_cannot_go_with_ports),
	VG_TEST(test_unknown_default_action_is_refused),
	VG_TEST(test_rules_keep_order_and_fields),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = { { "config-rules", NULL, NULL, tests }, { NULL } };

	return vg_test_main(suites);
}
