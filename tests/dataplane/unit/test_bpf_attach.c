/* SPDX-License-Identifier: BSD-3-Clause */
/* eBPF programs attached to the whole policy and to guests, not to rules:
 * the policy's run on every frame between guests that passes (by a rule,
 * by the default), a guest's on the frames it sends and receives; the
 * policy's first, then the sender's, the receiver's, the rule's; none on
 * frames to the gateway's control address or frames the rules deny. */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "bpf_examples.h"
#include "control.h"
#include "counter.h"
#include "ctl_proto.h"
#include "cunit_runner.h"
#include "pipeline_harness.h"

/* control.c links reload.c, which logs through the daemon's log type. */
int vg_logtype_dp = RTE_LOGTYPE_USER1;

#ifdef VG_BPF_EXAMPLES

/* Program numbers, as declared. */
enum { P_PATTERN, P_ALLOW, P_TELNET, P_RULE };

/* IDENTITIES' guests, with programs of their own: alpha's passes all,
 * gamma's drops telnet. */
static const char policy_text[] =
	"gateway = { name = \"gw\"; control_mac = \"02:00:00:00:00:01\";\n"
	"  control_ipv4 = \"10.0.0.1/24\"; control_ipv6 = \"fd00::1/64\"; };\n"
	"guests = (\n"
	"  { name = \"alpha\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10/24\";\n"
	"    ipv6 = \"fd00::a/64\"; programs = \"allow-all\"; },\n"
	"  { name = \"beta\"; mac = \"52:54:00:00:00:0b\"; ipv4 = \"10.0.0.11/24\";\n"
	"    ipv6 = \"fd00::b/64\"; },\n"
	"  { name = \"gamma\"; mac = \"52:54:00:00:00:0c\"; ipv4 = \"10.0.0.12/24\";\n"
	"    ipv6 = \"fd00::c/64\"; programs = [\"no-telnet\"]; }\n"
	");\n"
	"programs = (\n"
	"  { name = \"no-drop-pattern\"; object = \"" EXAMPLE("drop_payload_pattern") "\"; },\n"
	"  { name = \"allow-all\"; object = \"" EXAMPLE("allow_all") "\"; },\n"
	"  { name = \"no-telnet\"; object = \"" EXAMPLE("drop_tcp_port") "\"; },\n"
	"  { name = \"rule-telnet\"; object = \"" EXAMPLE("drop_tcp_port") "\"; }\n"
	");\n"
	"policy = { default = \"allow\"; programs = \"no-drop-pattern\"; rules = (\n"
	"  { name = \"no-udp-beta-alpha\"; from = \"beta\"; to = \"alpha\"; proto = \"udp\";\n"
	"    ports = 7; action = \"deny\"; },\n"
	"  { name = \"tcp-beta-alpha\"; from = \"beta\"; to = \"alpha\"; proto = \"tcp\";\n"
	"    action = \"allow\"; programs = \"rule-telnet\"; }\n"
	"); };\n"
	"attestation = { required = false; };\n";

static struct dp_world w;

static int setup(void)
{
	return dp_suite_start(&w, policy_text, HZ);
}

static int teardown(void)
{
	return dp_suite_stop(&w);
}

static uint64_t runs(int p)
{
	return counter_read(&w.pol->programs[p].runs);
}

static uint64_t drops(int p)
{
	return counter_read(&w.pol->programs[p].drops);
}

/* A UDP datagram to port dport whose payload starts with text. */
static struct pkt_meta send_udp(int from, int to, uint16_t dport, const char *text)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow(4, from, to, IPPROTO_UDP, 40000, dport);
	size_t len;

	f.payload = 32;
	len = frame_flow(&f, buf);
	memcpy(buf + 14 + 20 + 8, text, strlen(text));
	return send_frame(&w, (uint16_t)from, T0, buf, len, NULL);
}

static struct pkt_meta send_tcp(int from, int to, uint16_t dport)
{
	struct flow f = flow(6, from, to, IPPROTO_TCP, 40000, dport);

	return send_flow(&w, (uint16_t)from, T0, &f);
}

static void test_policy_program_judges_frames_the_default_allows(void)
{
	uint64_t d0 = drops(P_PATTERN), r0 = runs(P_PATTERN);

	/* No rule matches beta to gamma: the default allows, the policy's
	 * program still decides. */
	EXPECT_DROP(send_udp(BETA, GAMMA, 9000, "DROP me"), VG_DROP_BPF_DROP);
	EXPECT_TX(send_udp(BETA, GAMMA, 9000, "hello"), GAMMA);
	EXPECT_DROP(send_udp(GAMMA, BETA, 9000, "DROP back"), VG_DROP_BPF_DROP);
	CU_ASSERT_EQUAL(drops(P_PATTERN) - d0, 2);
	CU_ASSERT_EQUAL(runs(P_PATTERN) - r0, 3);
}

static void test_policy_program_runs_before_the_guests(void)
{
	uint64_t a0 = runs(P_ALLOW), d0 = drops(P_PATTERN);

	/* alpha's own program never sees what the policy's dropped. */
	EXPECT_DROP(send_udp(ALPHA, BETA, 9000, "DROP"), VG_DROP_BPF_DROP);
	CU_ASSERT_EQUAL(runs(P_ALLOW), a0);
	CU_ASSERT_EQUAL(drops(P_PATTERN) - d0, 1);
	EXPECT_TX(send_udp(ALPHA, BETA, 9000, "fine"), BETA);
	CU_ASSERT_EQUAL(runs(P_ALLOW) - a0, 1);
}

static void test_guest_program_judges_what_it_sends_and_receives(void)
{
	uint64_t d0 = drops(P_TELNET), r0 = runs(P_TELNET), a0 = runs(P_ALLOW);

	EXPECT_DROP(send_tcp(BETA, GAMMA, 23), VG_DROP_BPF_DROP);   /* gamma receives */
	EXPECT_DROP(send_tcp(GAMMA, BETA, 23), VG_DROP_BPF_DROP);   /* gamma sends */
	EXPECT_TX(send_tcp(GAMMA, BETA, 22), BETA);
	CU_ASSERT_EQUAL(drops(P_TELNET) - d0, 2);
	CU_ASSERT_EQUAL(runs(P_TELNET) - r0, 3);
	/* Neither alpha nor beta has it: telnet between them passes, and
	 * alpha's program runs on what alpha sends. */
	EXPECT_TX(send_tcp(ALPHA, BETA, 23), BETA);
	CU_ASSERT_EQUAL(runs(P_TELNET) - r0, 3);
	CU_ASSERT_EQUAL(runs(P_ALLOW) - a0, 1);
}

static void test_rule_program_runs_after_the_receivers(void)
{
	uint64_t a0 = runs(P_ALLOW), d0 = drops(P_RULE), t0 = runs(P_TELNET);

	/* beta to alpha: the rule's own copy of the telnet filter drops, after
	 * alpha's program (the receiver's) passed it. */
	EXPECT_DROP(send_tcp(BETA, ALPHA, 23), VG_DROP_BPF_DROP);
	CU_ASSERT_EQUAL(runs(P_ALLOW) - a0, 1);
	CU_ASSERT_EQUAL(drops(P_RULE) - d0, 1);
	CU_ASSERT_EQUAL(runs(P_TELNET), t0);
	EXPECT_TX(send_tcp(BETA, ALPHA, 80), ALPHA);
	CU_ASSERT_EQUAL(runs(P_ALLOW) - a0, 2);
}

static void test_frames_the_rules_deny_or_to_the_gateway_meet_no_program(void)
{
	uint64_t r0 = runs(P_PATTERN), a0 = runs(P_ALLOW);

	EXPECT_DROP(send_udp(BETA, ALPHA, 7, "DROP"), VG_DROP_ACL_DENY);
	EXPECT_TX(send_udp(ALPHA, GATEWAY, 9000, "DROP"), PUNT_PORT);
	CU_ASSERT_EQUAL(runs(P_PATTERN), r0);
	CU_ASSERT_EQUAL(runs(P_ALLOW), a0);
}

static bool names_equal(struct json_object *a, const char *const *want, size_t n)
{
	if (json_object_array_length(a) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(json_object_get_string(json_object_array_get_idx(a, i)), want[i]))
			return false;
	return true;
}

static void test_bpf_view_says_where_each_program_is_attached(void)
{
	static const char *const alpha[] = { "alpha" }, *const gamma[] = { "gamma" };
	static const char *const rule[] = { "tcp-beta-alpha" };
	struct dataplane dp = { .topo = w.topo, .policy = w.pol };
	struct json_object *doc, *a, *p;
	char *reply = NULL;

	CU_ASSERT_EQUAL_FATAL(control_handle(&dp, CTL_BPF, NULL, 0, &reply), 0);
	doc = json_tokener_parse(reply);
	a = json_object_object_get(doc, "programs");
	CU_ASSERT_EQUAL_FATAL(json_object_array_length(a), 4);
	p = json_object_array_get_idx(a, P_PATTERN);
	CU_ASSERT(json_object_get_boolean(json_object_object_get(p, "policy")));
	CU_ASSERT(names_equal(json_object_object_get(p, "guests"), NULL, 0));
	p = json_object_array_get_idx(a, P_ALLOW);
	CU_ASSERT_FALSE(json_object_get_boolean(json_object_object_get(p, "policy")));
	CU_ASSERT(names_equal(json_object_object_get(p, "guests"), alpha, 1));
	CU_ASSERT(names_equal(json_object_object_get(p, "rules"), NULL, 0));
	p = json_object_array_get_idx(a, P_TELNET);
	CU_ASSERT(names_equal(json_object_object_get(p, "guests"), gamma, 1));
	p = json_object_array_get_idx(a, P_RULE);
	CU_ASSERT(names_equal(json_object_object_get(p, "rules"), rule, 1));
	CU_ASSERT(names_equal(json_object_object_get(p, "guests"), NULL, 0));
	json_object_put(doc);
	free(reply);
}

static const struct vg_test tests[] = {
	VG_TEST(test_policy_program_judges_frames_the_default_allows),
	VG_TEST(test_policy_program_runs_before_the_guests),
	VG_TEST(test_guest_program_judges_what_it_sends_and_receives),
	VG_TEST(test_rule_program_runs_after_the_receivers),
	VG_TEST(test_frames_the_rules_deny_or_to_the_gateway_meet_no_program),
	VG_TEST(test_bpf_view_says_where_each_program_is_attached),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = {
		{ "dataplane-bpf-attach", setup, teardown, tests }, { NULL },
	};

	return vg_test_main(suites);
}

#else

int main(void)
{
	return bpf_examples_missing();
}

#endif
