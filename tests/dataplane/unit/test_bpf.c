/* SPDX-License-Identifier: BSD-3-Clause */
/* eBPF programs in rules: the example programs drop what they are written
 * to drop (as bpf_drop, counted per program) and pass the rest; a program
 * that cannot be loaded refuses the policy with its reason, and a reload
 * to such a policy keeps the running one. */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>
#include <rte_rcu_qsbr.h>

#include "bpf_examples.h"
#include "control.h"
#include "counter.h"
#include "ctl_proto.h"
#include "cunit_runner.h"
#include "pipeline_harness.h"
#include "reload.h"

/* reload.c logs through the daemon's log type, which main.c registers. */
int vg_logtype_dp = RTE_LOGTYPE_USER1;

#ifdef VG_BPF_EXAMPLES

/* Program numbers, as declared. */
enum { P_PATTERN, P_ALLOW, P_TELNET };

#define PROGRAMS \
	"programs = (\n" \
	"  { name = \"no-drop-pattern\"; object = \"" EXAMPLE("drop_payload_pattern") "\"; },\n" \
	"  { name = \"allow-all\"; object = \"" EXAMPLE("allow_all") "\"; },\n" \
	"  { name = \"no-telnet\"; object = \"" EXAMPLE("drop_tcp_port") "\"; }\n" \
	");\n"

#define RULES \
	"policy = { default = \"deny\"; rules = (\n" \
	"  { name = \"udp-alpha-beta\"; from = \"alpha\"; to = \"beta\"; proto = \"udp\";\n" \
	"    action = \"allow\"; stateful = true; programs = [\"allow-all\", \"no-drop-pattern\"]; },\n" \
	"  { name = \"tcp-alpha-gamma\"; from = \"alpha\"; to = \"gamma\"; proto = \"tcp\";\n" \
	"    action = \"allow\"; programs = \"no-telnet\"; },\n" \
	"  { name = \"udp-beta-gamma\"; from = \"beta\"; to = \"gamma\"; proto = \"udp\";\n" \
	"    action = \"allow\"; }\n" \
	"); };\n" \
	"attestation = { required = false; };\n"

static const char policy_text[] = IDENTITIES PROGRAMS RULES;

static struct dp_world w;

static int setup(void)
{
	return dp_suite_start(&w, policy_text, HZ);
}

static int teardown(void)
{
	return dp_suite_stop(&w);
}

/* A UDP datagram from one guest to another, from port sport to 9000, whose
 * payload starts with text, over IPv4 or IPv6. */
static struct pkt_meta send_udp_from(int family, int from, int to, uint16_t sport,
				     const char *text)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow(family, from, to, IPPROTO_UDP, sport, 9000);
	size_t len, payload = 14 + (family == 4 ? 20 : 40) + 8;

	f.payload = 32;
	len = frame_flow(&f, buf);
	memcpy(buf + payload, text, strlen(text));
	return send_frame(&w, (uint16_t)from, T0, buf, len, NULL);
}

static struct pkt_meta send_udp(int family, int from, int to, const char *text)
{
	return send_udp_from(family, from, to, 40000, text);
}

static uint64_t runs(int p)
{
	return counter_read(&w.pol->programs[p].runs);
}

static uint64_t drops(int p)
{
	return counter_read(&w.pol->programs[p].drops);
}

static void test_pattern_program_drops_udp_with_the_pattern_as_bpf_drop(void)
{
	uint64_t r0 = runs(P_PATTERN), d0 = drops(P_PATTERN), a0 = runs(P_ALLOW);

	EXPECT_DROP(send_udp(4, ALPHA, BETA, "DROP this"), VG_DROP_BPF_DROP);
	EXPECT_DROP(send_udp(6, ALPHA, BETA, "DROPPED too"), VG_DROP_BPF_DROP);
	EXPECT_TX(send_udp(4, ALPHA, BETA, "hello"), BETA);
	EXPECT_TX(send_udp(6, ALPHA, BETA, "DRIP"), BETA);
	CU_ASSERT_EQUAL(runs(P_PATTERN) - r0, 4);
	CU_ASSERT_EQUAL(drops(P_PATTERN) - d0, 2);
	/* The rule's first program passed all four before. */
	CU_ASSERT_EQUAL(runs(P_ALLOW) - a0, 4);
	CU_ASSERT_EQUAL(drops(P_ALLOW), 0);
}

static void test_frame_dropped_by_a_program_opens_no_session(void)
{
	uint64_t sessions = counter_read(&ct_table_stats(w.ct)->sessions);

	/* A flow of its own: no session holds it yet. */
	EXPECT_DROP(send_udp_from(4, ALPHA, BETA, 42000, "DROP"), VG_DROP_BPF_DROP);
	CU_ASSERT_EQUAL(counter_read(&ct_table_stats(w.ct)->sessions), sessions);
	EXPECT_TX(send_udp_from(4, ALPHA, BETA, 42000, "fine"), BETA);
	CU_ASSERT_EQUAL(counter_read(&ct_table_stats(w.ct)->sessions), sessions + 1);
}

static void test_session_frames_meet_the_programs_of_their_rule(void)
{
	/* The reply of the session the datagram above opened passes by the
	 * session, and still meets the rule's programs. */
	uint64_t d0 = drops(P_PATTERN);
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow(4, BETA, ALPHA, IPPROTO_UDP, 9000, 41000);
	struct flow g = flow(4, ALPHA, BETA, IPPROTO_UDP, 41000, 9000);
	size_t len;

	f.payload = g.payload = 16;
	EXPECT_TX(send_frame(&w, ALPHA, T0, buf, frame_flow(&g, buf), NULL), BETA);
	len = frame_flow(&f, buf);
	memcpy(buf + 42, "DROP", 4);
	EXPECT_DROP(send_frame(&w, BETA, T0, buf, len, NULL), VG_DROP_BPF_DROP);
	CU_ASSERT_EQUAL(drops(P_PATTERN) - d0, 1);
}

static void test_port_program_drops_telnet_and_passes_other_ports(void)
{
	struct flow telnet = flow(4, ALPHA, GAMMA, IPPROTO_TCP, 40000, 23);
	struct flow ssh = flow(6, ALPHA, GAMMA, IPPROTO_TCP, 40000, 22);
	uint64_t d0 = drops(P_TELNET);

	EXPECT_DROP(send_flow(&w, ALPHA, T0, &telnet), VG_DROP_BPF_DROP);
	EXPECT_TX(send_flow(&w, ALPHA, T0, &ssh), GAMMA);
	CU_ASSERT_EQUAL(drops(P_TELNET) - d0, 1);
}

static void test_rule_without_programs_runs_none(void)
{
	uint64_t r0 = runs(P_PATTERN) + runs(P_ALLOW) + runs(P_TELNET);

	EXPECT_TX(send_udp(4, BETA, GAMMA, "DROP"), GAMMA);
	CU_ASSERT_EQUAL(runs(P_PATTERN) + runs(P_ALLOW) + runs(P_TELNET), r0);
}

/* The policy with program 'bad' in object (section sec) named by a rule:
 * NULL and the reason in *err when it is refused. */
static struct dp_policy *build_with(const char *object, const char *section, const char **err)
{
	char text[4096];
	const struct vg_config *cfg;
	struct dp_policy *p;

	snprintf(text, sizeof(text), IDENTITIES
		 "programs = ( { name = \"bad\"; object = \"%s\"; section = \"%s\"; } );\n"
		 "policy = { default = \"deny\"; rules = (\n"
		 "  { name = \"r\"; from = \"alpha\"; to = \"beta\"; action = \"allow\";\n"
		 "    programs = \"bad\"; }\n); };\n", object, section);
	cfg = dp_config(text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	p = dp_policy_build(cfg, NULL, err);
	if (!p)
		vg_config_free(cfg);
	return p;
}

static bool refused_with(const char *object, const char *section, const char *why)
{
	const char *err = NULL;
	struct dp_policy *p = build_with(object, section, &err);
	bool ok = !p && err && strstr(err, "program 'bad': ") && strstr(err, why);

	if (!ok)
		fprintf(stderr, "\n  expected a refusal saying '%s', got %s", why,
			p ? "a policy" : err);
	dp_policy_free(p);
	return ok;
}

static void test_object_that_is_no_elf_refuses_the_policy(void)
{
	char path[256];

	CU_ASSERT_FATAL(dp_temp_file(path, sizeof(path), "#!/bin/sh\necho not a program\n") == 0);
	CU_ASSERT(refused_with(path, "filter", "is not a proper ELF object"));
	unlink(path);
}

static void test_missing_object_refuses_the_policy(void)
{
	CU_ASSERT(refused_with(VG_BPF_EXAMPLES "/no-such-object.o", "filter", "cannot be read"));
}

static void test_object_without_the_section_refuses_the_policy_naming_those_it_has(void)
{
	CU_ASSERT(refused_with(EXAMPLE("allow_all"), "xdp",
			       "has no section 'xdp' (it has: filter)"));
}

static void test_program_reading_past_the_context_is_refused_by_the_verifier(void)
{
	CU_ASSERT(refused_with(TEST_PROGRAM("oob_read"), "filter", "memory boundary violation"));
}

static void test_kernel_program_is_refused_by_its_btf_context_type(void)
{
	CU_ASSERT(refused_with(TEST_PROGRAM("kernel_ctx"), "filter",
			       "takes 'struct xdp_md *', not 'const struct vg_bpf_ctx *'"));
}

/* A dataplane around w's policy for reload and the control socket. */
static void test_reload_to_a_bad_program_keeps_the_policy_and_says_why(void)
{
	char path[256], text[4096];
	struct dataplane dp = { .topo = w.topo, .policy = w.pol };
	struct vg_diag *diag = vg_diag_new();

	snprintf(text, sizeof(text), "%s", policy_text);
	/* The same policy, but the pattern program's object is no program. */
	memcpy(strstr(text, "drop_payload_pattern.o"), "drop_payload_pattern.c", 22);
	CU_ASSERT_FATAL(dp_temp_file(path, sizeof(path), text) == 0);
	dp.config_path = path;
	CU_ASSERT_EQUAL(reload_policy(&dp, diag), -EINVAL);
	CU_ASSERT_PTR_EQUAL(dp.policy, w.pol);
	CU_ASSERT_EQUAL(dp.reload_failures, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(dp.last_reload_error, "program 'no-drop-pattern': object "));
	CU_ASSERT_PTR_NOT_NULL(strstr(dp.last_reload_error, "drop_payload_pattern.c cannot be read"));
	/* The running policy still filters. */
	EXPECT_DROP(send_udp(4, ALPHA, BETA, "DROP"), VG_DROP_BPF_DROP);
	vg_diag_free(diag);
	unlink(path);
}

static void test_reload_to_good_programs_carries_their_counters(void)
{
	struct rte_rcu_qsbr *q = calloc(1, rte_rcu_qsbr_get_memsize(1));
	struct dataplane dp = { .topo = w.topo, .policy = w.pol, .qsbr = q };
	struct vg_diag *diag = vg_diag_new();
	uint64_t d0 = drops(P_PATTERN), r0 = runs(P_PATTERN);
	char path[256];

	CU_ASSERT_FATAL(q && rte_rcu_qsbr_init(q, 1) == 0);
	CU_ASSERT_FATAL(dp_temp_file(path, sizeof(path), policy_text) == 0);
	dp.config_path = path;
	CU_ASSERT_EQUAL(reload_policy(&dp, diag), 0);
	CU_ASSERT_PTR_NOT_EQUAL(dp.policy, NULL);
	w.pol = dp.policy;       /* the old one was freed */
	CU_ASSERT_EQUAL(drops(P_PATTERN), d0);
	CU_ASSERT_EQUAL(runs(P_PATTERN), r0);
	EXPECT_DROP(send_udp(4, ALPHA, BETA, "DROP"), VG_DROP_BPF_DROP);
	CU_ASSERT_EQUAL(drops(P_PATTERN), d0 + 1);
	vg_diag_free(diag);
	unlink(path);
	free(q);
}

static void test_control_bpf_view_shows_each_program_and_its_counters(void)
{
	struct dataplane dp = { .topo = w.topo, .policy = w.pol };
	struct json_object *doc, *a, *p;
	char *reply = NULL;

	CU_ASSERT_EQUAL_FATAL(ctl_request_size(CTL_BPF), 0);
	CU_ASSERT_EQUAL_FATAL(control_handle(&dp, CTL_BPF, NULL, 0, &reply), 0);
	doc = json_tokener_parse(reply);
	a = json_object_object_get(doc, "programs");
	CU_ASSERT_EQUAL_FATAL(json_object_array_length(a), 3);
	p = json_object_array_get_idx(a, P_PATTERN);
	CU_ASSERT_STRING_EQUAL(json_object_get_string(json_object_object_get(p, "name")),
			       "no-drop-pattern");
	CU_ASSERT_STRING_EQUAL(json_object_get_string(json_object_object_get(p, "section")),
			       "filter");
	CU_ASSERT_PTR_NOT_NULL(strstr(json_object_get_string(json_object_object_get(p, "object")),
				      "drop_payload_pattern.o"));
	CU_ASSERT(json_object_get_boolean(json_object_object_get(p, "jit")));
	CU_ASSERT(json_object_get_boolean(json_object_object_get(p, "btf")));
	CU_ASSERT_EQUAL(json_object_get_uint64(json_object_object_get(p, "drops")),
			drops(P_PATTERN));
	CU_ASSERT(drops(P_PATTERN) > 0);
	CU_ASSERT_EQUAL(json_object_get_uint64(json_object_object_get(p, "runs")),
			runs(P_PATTERN));
	CU_ASSERT_STRING_EQUAL(json_object_get_string(json_object_array_get_idx(
				json_object_object_get(p, "rules"), 0)), "udp-alpha-beta");
	json_object_put(doc);
	free(reply);
}

static const struct vg_test tests[] = {
	VG_TEST(test_pattern_program_drops_udp_with_the_pattern_as_bpf_drop),
	VG_TEST(test_frame_dropped_by_a_program_opens_no_session),
	VG_TEST(test_session_frames_meet_the_programs_of_their_rule),
	VG_TEST(test_port_program_drops_telnet_and_passes_other_ports),
	VG_TEST(test_rule_without_programs_runs_none),
	VG_TEST(test_object_that_is_no_elf_refuses_the_policy),
	VG_TEST(test_missing_object_refuses_the_policy),
	VG_TEST(test_object_without_the_section_refuses_the_policy_naming_those_it_has),
	VG_TEST(test_program_reading_past_the_context_is_refused_by_the_verifier),
	VG_TEST(test_kernel_program_is_refused_by_its_btf_context_type),
	VG_TEST(test_reload_to_a_bad_program_keeps_the_policy_and_says_why),
	VG_TEST(test_reload_to_good_programs_carries_their_counters),
	VG_TEST(test_control_bpf_view_shows_each_program_and_its_counters),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = {
		{ "dataplane-bpf", setup, teardown, tests }, { NULL },
	};

	return vg_test_main(suites);
}

#else

int main(void)
{
	return bpf_examples_missing();
}

#endif
