/* SPDX-License-Identifier: BSD-3-Clause */
/* The XDP engine's side of the policy: the guest key 'interface', what the
 * engine refuses rather than half-enforce, and the rules as first-match
 * entries with the DPDK engine's field semantics. No kernel needed. */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "config_fixture.h"
#include "xdp_engine.h"
#include "xdp_policy.h"

#define GUESTS(extra_a) \
	GW "guests = (\n" \
	"  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10/24\";\n" \
	"    groups = [\"web\"]; interface = \"h-a\"; " extra_a "},\n" \
	"  { name = \"b\"; mac = \"52:54:00:00:00:0b\"; ipv4 = \"10.0.0.11/24\";\n" \
	"    groups = [\"db\"]; interface = \"h-b\"; }\n" \
	");\n"

static char err[512];

/* The check's result on text (which must load), err holding its message. */
static int check_text(const char *text)
{
	const struct vg_config *cfg = EXPECT_VALID(text);
	int r;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	err[0] = '\0';
	r = xdp_policy_check(cfg, err, sizeof(err));
	vg_config_free(cfg);
	return r;
}

static void test_interface_key_is_read(void)
{
	const struct vg_config *cfg = EXPECT_VALID(GUESTS(""));

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_STRING_EQUAL(cfg->guests[0].interface, "h-a");
	CU_ASSERT_STRING_EQUAL(cfg->guests[1].interface, "h-b");
	vg_config_free(cfg);
}

static void test_bad_interface_names_are_refused_with_their_line(void)
{
	EXPECT_ERROR(GW "guests = ( { name = \"a\"; mac = \"52:54:00:00:00:0a\";\n"
		     "  ipv4 = \"10.0.0.10\"; interface = \"sixteen-chars-xx\"; } );\n",
		     3, "guest 'a': invalid interface name 'sixteen-chars-xx' "
		     "(1-15 letters, digits, '_', '.', '-')");
	EXPECT_ERROR(GW "guests = ( { name = \"a\"; mac = \"52:54:00:00:00:0a\";\n"
		     "  ipv4 = \"10.0.0.10\"; interface = \"eth0/x\"; } );\n",
		     3, "guest 'a': invalid interface name 'eth0/x' "
		     "(1-15 letters, digits, '_', '.', '-')");
	EXPECT_ERROR(GW "guests = ( { name = \"a\"; mac = \"52:54:00:00:00:0a\";\n"
		     "  ipv4 = \"10.0.0.10\"; interface = \"\"; } );\n",
		     3, "guest 'a': invalid interface name '' "
		     "(1-15 letters, digits, '_', '.', '-')");
	EXPECT_ERROR(GW "guests = ( { name = \"a\"; mac = \"52:54:00:00:00:0a\";\n"
		     "  ipv4 = \"10.0.0.10\"; interface = 5; } );\n",
		     3, "guest 'a': 'interface' must be a string");
}

static void test_two_guests_on_one_interface_are_refused(void)
{
	EXPECT_ERROR(GW "guests = (\n"
		     "  { name = \"a\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10\";\n"
		     "    interface = \"h-a\"; },\n"
		     "  { name = \"b\"; mac = \"52:54:00:00:00:0b\"; ipv4 = \"10.0.0.11\";\n"
		     "    interface = \"h-a\"; } );\n",
		     6, "duplicate interface 'h-a' (first at line 4)");
}

static void test_enforceable_policy_passes_the_check(void)
{
	CU_ASSERT_EQUAL(check_text(GUESTS("") "policy = { rules = (\n"
		"  { from = \"@web\"; to = \"b\"; proto = \"tcp\"; ports = 80; action = \"allow\";\n"
		"    stateful = true; } ); };\n"), 0);
	CU_ASSERT_STRING_EQUAL(err, "");
}

static void test_policy_without_interfaces_is_refused(void)
{
	CU_ASSERT_EQUAL(check_text(GW "guests = ( { name = \"a\"; mac = \"52:54:00:00:00:0a\";\n"
				   "  ipv4 = \"10.0.0.10\"; } );\n"), -EINVAL);
	CU_ASSERT_STRING_EQUAL(err, "test.conf: no guest has an 'interface': "
			       "nothing for the XDP engine to attach to");
}

static void test_rate_limit_on_an_attached_guest_is_refused(void)
{
	CU_ASSERT_EQUAL(check_text(GUESTS("rate_limit = { pps = 10; }; ")), -EINVAL);
	CU_ASSERT_STRING_EQUAL(err, "test.conf:3: guest 'a': rate_limit is not enforced "
			       "by the XDP engine");
}

static void test_rule_with_programs_is_refused(void)
{
	CU_ASSERT_EQUAL(check_text(GUESTS("")
		"programs = ( { name = \"p\"; object = \"/p.o\"; } );\n"
		"policy = { rules = (\n"
		"  { name = \"web\"; from = \"a\"; to = \"b\"; action = \"allow\"; programs = \"p\"; }\n"
		"); };\n"), -EINVAL);
	CU_ASSERT_STRING_EQUAL(err, "test.conf:10: rule 'web': eBPF programs are not run "
			       "by the XDP engine");
}

static void test_programs_of_an_attached_guest_or_of_the_policy_are_refused(void)
{
	CU_ASSERT_EQUAL(check_text(GUESTS("programs = \"p\"; ")
		"programs = ( { name = \"p\"; object = \"/p.o\"; } );\n"), -EINVAL);
	CU_ASSERT_STRING_EQUAL(err, "test.conf:3: guest 'a': eBPF programs are not run "
			       "by the XDP engine");
	CU_ASSERT_EQUAL(check_text(GUESTS("")
		"programs = ( { name = \"p\"; object = \"/p.o\"; } );\n"
		"policy = { programs = \"p\"; };\n"), -EINVAL);
	CU_ASSERT_STRING_EQUAL(err, "test.conf: policy: eBPF programs are not run "
			       "by the XDP engine");
}

static void test_rule_with_signatures_is_refused(void)
{
	CU_ASSERT_EQUAL(check_text(GUESTS("")
		"signatures = ( { name = \"s\"; pattern = \"evil\"; } );\n"
		"policy = { rules = (\n"
		"  { from = \"a\"; to = \"b\"; proto = \"udp\"; action = \"allow\"; inspect = \"s\"; }\n"
		"); };\n"), -EINVAL);
	CU_ASSERT_STRING_EQUAL(err, "test.conf:10: rule '#1': payload signatures (inspect) "
			       "are not searched by the XDP engine");
}

/* 64 source ranges x 64 destination ranges fill the map exactly; one
 * more entry is too many. */
static void test_rules_beyond_the_entry_map_are_refused(void)
{
	char ranges[64 * 12], text[8192];
	size_t off = 0;

	for (int i = 0; i < 64; i++)
		off += (size_t)snprintf(ranges + off, sizeof(ranges) - off, "%s%d", i ? "," : "",
					1000 + i * 10);
	snprintf(text, sizeof(text), GUESTS("") "policy = { rules = (\n"
		 "  { from = \"a\"; to = \"b\"; proto = \"tcp\"; ports = \"%s\"; src_ports = \"%s\";\n"
		 "    action = \"allow\"; }%s\n); };\n", ranges, ranges, "");
	CU_ASSERT_EQUAL(check_text(text), 0);
	snprintf(text, sizeof(text), GUESTS("") "policy = { rules = (\n"
		 "  { from = \"a\"; to = \"b\"; proto = \"tcp\"; ports = \"%s\"; src_ports = \"%s\";\n"
		 "    action = \"allow\"; }%s\n); };\n", ranges, ranges,
		 ", { from = \"b\"; to = \"a\"; action = \"deny\"; }");
	CU_ASSERT_EQUAL(check_text(text), -E2BIG);
	CU_ASSERT_STRING_EQUAL(err, "test.conf: the rules expand to more than 4096 entries, "
			       "the XDP engine's most");
}

static void test_missing_interface_is_refused_before_loading(void)
{
	const struct vg_config *cfg = EXPECT_VALID(
		GW "guests = ( { name = \"a\"; mac = \"52:54:00:00:00:0a\";\n"
		"  ipv4 = \"10.0.0.10\"; interface = \"vgnosuch0\"; } );\n");

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_PTR_NULL(xdp_engine_open("/nonexistent.o", cfg, err, sizeof(err)));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "test.conf:2: guest 'a': interface 'vgnosuch0': "));
	vg_config_free(cfg);
}

static void test_rules_compile_to_first_match_entries(void)
{
	const struct vg_config *cfg = EXPECT_VALID(GUESTS("") "policy = { rules = (\n"
		"  { from = \"any\"; to = \"any\"; proto = \"tcp\"; ports = 22; action = \"deny\"; },\n"
		"  { from = \"@web\"; to = \"b\"; proto = \"tcp\"; ports = \"22,8000-8080\";\n"
		"    action = \"allow\"; stateful = true; },\n"
		"  { from = \"a\"; to = \"@db\"; proto = \"icmp\"; icmp_types = [8, 13];\n"
		"    action = \"allow\"; }\n"
		"); };\n");
	struct xdp_rule_entry e[8];
	struct xdp_match k = { .proto_flags = XDP_P_TCP, .src = 0, .dst = 1,
			       .sport = 40000, .dport = 8080, .src_groups = 1,
			       .dst_groups = 2 };
	const struct xdp_rule_entry *hit;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_EQUAL_FATAL(xdp_rules_compile(cfg, e, 8), 5);
	CU_ASSERT_EQUAL(e[1].rule, 2);
	CU_ASSERT_EQUAL(e[1].src_kind, XDP_EP_GROUP);
	CU_ASSERT_EQUAL(e[1].dport_lo, 22);
	CU_ASSERT_EQUAL(e[2].dport_lo, 8000);
	CU_ASSERT_EQUAL(e[2].dport_hi, 8080);
	CU_ASSERT_EQUAL(e[2].proto_mask, XDP_P_TCP | XDP_F_LATER);
	CU_ASSERT_EQUAL(e[3].sport_lo, 8);
	CU_ASSERT_EQUAL(e[4].sport_hi, 13);
	hit = xdp_classify(e, 5, &k);
	CU_ASSERT(hit && hit->rule == 2 && hit->allow && hit->stateful);
	k.dport = 22;                          /* the deny comes first */
	hit = xdp_classify(e, 5, &k);
	CU_ASSERT(hit && hit->rule == 1 && !hit->allow);
	k.dport = 8081;
	CU_ASSERT_PTR_NULL(xdp_classify(e, 5, &k));
	k = (struct xdp_match){ .proto_flags = XDP_P_ICMP, .src = 0, .dst = 1, .sport = 13,
				.src_groups = 1, .dst_groups = 2 };
	hit = xdp_classify(e, 5, &k);
	CU_ASSERT(hit && hit->rule == 3);
	k.proto_flags = XDP_P_ICMP | XDP_F_LATER;   /* a later fragment: no rule says so */
	CU_ASSERT_PTR_NULL(xdp_classify(e, 5, &k));
	vg_config_free(cfg);
}

int main(void)
{
	static const struct vg_test tests[] = {
		VG_TEST(test_interface_key_is_read),
		VG_TEST(test_bad_interface_names_are_refused_with_their_line),
		VG_TEST(test_two_guests_on_one_interface_are_refused),
		VG_TEST(test_enforceable_policy_passes_the_check),
		VG_TEST(test_policy_without_interfaces_is_refused),
		VG_TEST(test_rate_limit_on_an_attached_guest_is_refused),
		VG_TEST(test_rule_with_programs_is_refused),
		VG_TEST(test_programs_of_an_attached_guest_or_of_the_policy_are_refused),
		VG_TEST(test_rule_with_signatures_is_refused),
		VG_TEST(test_rules_beyond_the_entry_map_are_refused),
		VG_TEST(test_missing_interface_is_refused_before_loading),
		VG_TEST(test_rules_compile_to_first_match_entries),
		VG_TESTS_END,
	};
	static const struct vg_suite suites[] = {
		{ "xdp-policy", NULL, NULL, tests },
		{ NULL, NULL, NULL, NULL },
	};

	return vg_test_main(suites);
}
