/* SPDX-License-Identifier: BSD-3-Clause */
/* Connection tracking on crafted frames through the whole pipeline: a
 * stateful rule opens sessions, their replies pass and nothing else does;
 * TCP follows its states and windows; UDP and ICMP sessions time out; ICMP
 * errors pass when they quote a session; limits, grants and reloads. */
#include <netinet/in.h>
#include <string.h>

#include <rte_tcp.h>

#include "counter.h"
#include "cunit_runner.h"
#include "pipeline_harness.h"

/* Rule numbers (meta.rule is index + 1). */
enum { R_WEB = 1, R_DNS, R_PING, R_PING6, R_PLAIN };

#define RULES \
	"  { name = \"web\"; from = \"alpha\"; to = \"beta\"; proto = \"tcp\"; ports = 80;\n" \
	"    action = \"allow\"; stateful = true; },\n" \
	"  { name = \"dns\"; from = \"alpha\"; to = \"gamma\"; proto = \"udp\"; ports = 53;\n" \
	"    action = \"allow\"; stateful = true; },\n" \
	"  { name = \"ping\"; from = \"alpha\"; to = \"beta\"; proto = \"icmp\"; icmp_types = 8;\n" \
	"    action = \"allow\"; stateful = true; },\n" \
	"  { name = \"ping6\"; from = \"alpha\"; to = \"beta\"; proto = \"icmpv6\";\n" \
	"    icmp_types = 128; action = \"allow\"; stateful = true; },\n" \
	"  { name = \"plain\"; from = \"alpha\"; to = \"gamma\"; proto = \"tcp\"; ports = 8080;\n" \
	"    action = \"allow\"; }\n"
#define ATTESTED "attestation = { required = true; grant_ttl = 60; reattest_interval = 20; };\n"

static const char text[] = IDENTITIES
	"policy = { default = \"deny\"; rules = (\n" RULES "); };\n" ATTESTED;

static struct dp_world w;

/* Client and server initial sequence numbers. */
#define ISN_A 1000u
#define ISN_B 5000u

static int setup(void)
{
	return dp_eal_start();
}

static int teardown(void)
{
	dp_world_free(&w);
	return dp_eal_stop();
}

/* A world of its own for each test, every pair granted, no sessions. */
static void fresh(void)
{
	dp_world_free(&w);
	CU_ASSERT_EQUAL_FATAL(dp_world_build(&w, text, HZ), 0);
	all_grants(&w);
}

static const struct ct_stats *stats(void)
{
	return ct_table_stats(w.ct);
}

/* A TCP segment between alpha:40000 and beta:80, either way. */
static struct flow seg(int family, int from, uint8_t flags, uint32_t seq, uint32_t ack,
		       uint16_t payload)
{
	struct flow f = from == ALPHA ? flow(family, ALPHA, BETA, IPPROTO_TCP, 40000, 80)
				      : flow(family, BETA, ALPHA, IPPROTO_TCP, 80, 40000);

	f.tcp_flags = flags;
	f.seq = seq;
	f.ack = ack;
	f.payload = payload;
	return f;
}

static struct pkt_meta send_seg(int family, int from, uint8_t flags, uint32_t seq,
				uint32_t ack, uint16_t payload, uint64_t now)
{
	struct flow f = seg(family, from, flags, seq, ack, payload);

	return send_flow(&w, (uint16_t)from, now, &f);
}

#define SYN RTE_TCP_SYN_FLAG
#define ACK RTE_TCP_ACK_FLAG
#define FIN RTE_TCP_FIN_FLAG
#define RST RTE_TCP_RST_FLAG
#define PSH RTE_TCP_PSH_FLAG

/* alpha opens alpha:40000 -> beta:80; afterwards alpha's next sequence is
 * ISN_A + 1, beta's ISN_B + 1. */
static void handshake(int family)
{
	uint64_t established = counter_read(&stats()->by_state[CT_ESTABLISHED]);

	EXPECT_TX(send_seg(family, ALPHA, SYN, ISN_A, 0, 0, T0), BETA);
	EXPECT_TX(send_seg(family, BETA, SYN | ACK, ISN_B, ISN_A + 1, 0, T0), ALPHA);
	EXPECT_TX(send_seg(family, ALPHA, ACK, ISN_A + 1, ISN_B + 1, 0, T0), BETA);
	CU_ASSERT_EQUAL(counter_read(&stats()->by_state[CT_ESTABLISHED]), established + 1);
}

/* TCP. */

static void test_tcp_handshake_establishes_a_session_whose_replies_pass(void)
{
	struct pkt_meta m;

	fresh();
	handshake(4);
	CU_ASSERT_EQUAL(counter_read(&stats()->sessions), 1);
	m = send_seg(4, BETA, ACK | PSH, ISN_B + 1, ISN_A + 1, 100, T0);
	EXPECT_TX(m, ALPHA);
	CU_ASSERT_EQUAL(m.rule, R_WEB);
	EXPECT_TX(send_seg(4, ALPHA, ACK, ISN_A + 1, ISN_B + 101, 0, T0), BETA);
	/* The rule classified the opening SYN only. */
	CU_ASSERT_EQUAL(counter_read(&w.pol->rule_hits[R_WEB - 1]), 1);
	/* And over IPv6, a session of its own. */
	handshake(6);
	CU_ASSERT_EQUAL(counter_read(&stats()->sessions), 2);
}

static void test_unsolicited_segments_from_the_server_are_dropped(void)
{
	fresh();
	/* No session: the rules see beta opening towards alpha. */
	EXPECT_DROP(send_seg(4, BETA, SYN | ACK, ISN_B, ISN_A + 1, 0, T0),
		    VG_DROP_DEFAULT_DENY);
	EXPECT_DROP(send_seg(4, BETA, ACK, ISN_B + 1, ISN_A + 1, 0, T0),
		    VG_DROP_DEFAULT_DENY);
	/* A SYN sent: only a SYN-ACK acknowledging it may answer. */
	EXPECT_TX(send_seg(4, ALPHA, SYN, ISN_A, 0, 0, T0), BETA);
	EXPECT_DROP(send_seg(4, BETA, ACK, ISN_B + 1, ISN_A + 1, 0, T0), VG_DROP_CT_INVALID);
	EXPECT_DROP(send_seg(4, BETA, SYN | ACK, ISN_B, ISN_A + 7, 0, T0),
		    VG_DROP_CT_OUT_OF_WINDOW);
	EXPECT_TX(send_seg(4, BETA, SYN | ACK, ISN_B, ISN_A + 1, 0, T0), ALPHA);
	/* Nor does the server's SYN-ACK open anything else. */
	EXPECT_DROP(send_seg(4, BETA, SYN, ISN_B, 0, 0, T0), VG_DROP_CT_INVALID);
}

static void test_stateful_rule_drops_a_first_segment_that_is_no_syn(void)
{
	struct flow f = flow(4, ALPHA, GAMMA, IPPROTO_TCP, 40000, 8080);

	fresh();
	EXPECT_DROP(send_seg(4, ALPHA, ACK, ISN_A + 1, ISN_B + 1, 0, T0), VG_DROP_CT_NOT_SYN);
	EXPECT_DROP(send_seg(4, ALPHA, SYN | ACK, ISN_A, ISN_B + 1, 0, T0), VG_DROP_CT_NOT_SYN);
	EXPECT_DROP(send_seg(4, ALPHA, FIN | ACK, ISN_A, ISN_B + 1, 0, T0), VG_DROP_CT_NOT_SYN);
	/* A stateless rule passes any segment, and keeps no session. */
	f.tcp_flags = ACK;
	EXPECT_TX(send_flow(&w, ALPHA, T0, &f), GAMMA);
	CU_ASSERT_EQUAL(counter_read(&stats()->sessions), 0);
}

static void test_rst_in_window_closes_the_session_and_a_new_syn_reopens_it(void)
{
	fresh();
	handshake(4);
	/* A RST far from the window is ignored (dropped), the flow goes on. */
	EXPECT_DROP(send_seg(4, BETA, RST, ISN_B + 1 + 1000000, 0, 0, T0),
		    VG_DROP_CT_OUT_OF_WINDOW);
	EXPECT_TX(send_seg(4, ALPHA, ACK, ISN_A + 1, ISN_B + 1, 10, T0), BETA);
	EXPECT_TX(send_seg(4, BETA, RST, ISN_B + 1, 0, 0, T0), ALPHA);
	CU_ASSERT_EQUAL(counter_read(&stats()->by_state[CT_CLOSED]), 1);
	EXPECT_DROP(send_seg(4, ALPHA, ACK, ISN_A + 11, ISN_B + 1, 10, T0), VG_DROP_CT_INVALID);
	EXPECT_DROP(send_seg(4, BETA, ACK, ISN_B + 1, ISN_A + 11, 10, T0), VG_DROP_CT_INVALID);
	/* The same ports again: a new connection through the rules. */
	EXPECT_TX(send_seg(4, ALPHA, SYN, 90000, 0, 0, T0), BETA);
	CU_ASSERT_EQUAL(counter_read(&stats()->by_state[CT_SYN_SENT]), 1);
	CU_ASSERT_EQUAL(counter_read(&stats()->sessions), 1);
}

static void test_fin_both_ways_closes_the_session(void)
{
	fresh();
	handshake(6);
	EXPECT_TX(send_seg(6, ALPHA, FIN | ACK, ISN_A + 1, ISN_B + 1, 0, T0), BETA);
	CU_ASSERT_EQUAL(counter_read(&stats()->by_state[CT_FIN_WAIT]), 1);
	/* The other side may still send, then closes too. */
	EXPECT_TX(send_seg(6, BETA, ACK, ISN_B + 1, ISN_A + 2, 50, T0), ALPHA);
	EXPECT_TX(send_seg(6, BETA, FIN | ACK, ISN_B + 51, ISN_A + 2, 0, T0), ALPHA);
	CU_ASSERT_EQUAL(counter_read(&stats()->by_state[CT_CLOSING]), 1);
	EXPECT_TX(send_seg(6, ALPHA, ACK, ISN_A + 2, ISN_B + 52, 0, T0), BETA);
	CU_ASSERT_EQUAL(counter_read(&stats()->by_state[CT_TIME_WAIT]), 1);
	/* Data after both FINs belongs to no connection. */
	EXPECT_DROP(send_seg(6, BETA, ACK | PSH, ISN_B + 52, ISN_A + 2, 10, T0),
		    VG_DROP_CT_INVALID);
}

static void test_out_of_window_segments_are_dropped(void)
{
	fresh();
	handshake(4);
	/* Beyond what beta's window accepts. */
	EXPECT_DROP(send_seg(4, ALPHA, ACK | PSH, ISN_A + 1 + 200000, ISN_B + 1, 100, T0),
		    VG_DROP_CT_OUT_OF_WINDOW);
	/* Acknowledging data alpha never sent. */
	EXPECT_DROP(send_seg(4, BETA, ACK, ISN_B + 1, ISN_A + 1 + 5000, 0, T0),
		    VG_DROP_CT_OUT_OF_WINDOW);
	/* Older than the largest window. */
	EXPECT_DROP(send_seg(4, ALPHA, ACK | PSH, ISN_A - 100000, ISN_B + 1, 100, T0),
		    VG_DROP_CT_OUT_OF_WINDOW);
	/* In-window segments still pass. */
	EXPECT_TX(send_seg(4, ALPHA, ACK | PSH, ISN_A + 1, ISN_B + 1, 1000, T0), BETA);
	EXPECT_TX(send_seg(4, BETA, ACK, ISN_B + 1, ISN_A + 1001, 0, T0), ALPHA);
}

static void test_tcp_session_expires_after_its_timeout(void)
{
	uint64_t est = CT_TIMEOUTS_DEFAULT.s[CT_ESTABLISHED] * (uint64_t)HZ;

	fresh();
	handshake(4);
	EXPECT_TX(send_seg(4, BETA, ACK, ISN_B + 1, ISN_A + 1, 0, T0 + est - 1), ALPHA);
	EXPECT_DROP(send_seg(4, BETA, ACK, ISN_B + 1, ISN_A + 1, 0, T0 + 2 * est),
		    VG_DROP_DEFAULT_DENY);
	CU_ASSERT_EQUAL(counter_read(&stats()->sessions), 0);
}

/* UDP and ICMP. */

static void test_udp_reply_passes_within_the_timeout_only(void)
{
	uint64_t timeout = CT_TIMEOUTS_DEFAULT.s[CT_UDP] * (uint64_t)HZ;
	struct flow q = flow(4, ALPHA, GAMMA, IPPROTO_UDP, 5353, 53);
	struct flow r = flow(4, GAMMA, ALPHA, IPPROTO_UDP, 53, 5353);
	struct flow other = flow(4, GAMMA, ALPHA, IPPROTO_UDP, 54, 5353);
	uint64_t t = T0;

	fresh();
	EXPECT_DROP(send_flow(&w, GAMMA, t, &r), VG_DROP_DEFAULT_DENY);
	EXPECT_TX(send_flow(&w, ALPHA, t, &q), GAMMA);
	EXPECT_DROP(send_flow(&w, GAMMA, t, &other), VG_DROP_DEFAULT_DENY);
	t += timeout - 1;
	EXPECT_TX(send_flow(&w, GAMMA, t, &r), ALPHA);         /* and renews it */
	t += timeout - 1;
	EXPECT_TX(send_flow(&w, GAMMA, t, &r), ALPHA);
	t += timeout;
	EXPECT_DROP(send_flow(&w, GAMMA, t, &r), VG_DROP_DEFAULT_DENY);
}

static void test_icmp_echo_reply_passes_for_the_same_id_only(void)
{
	uint64_t timeout = CT_TIMEOUTS_DEFAULT.s[CT_ICMP] * (uint64_t)HZ;
	struct flow req = flow(4, ALPHA, BETA, IPPROTO_ICMP, 8, 0);
	struct flow rep = flow(4, BETA, ALPHA, IPPROTO_ICMP, 0, 0);
	struct flow req6 = flow(6, ALPHA, BETA, IPPROTO_ICMPV6, 128, 0);
	struct flow rep6 = flow(6, BETA, ALPHA, IPPROTO_ICMPV6, 129, 0);
	struct pkt_meta m;

	fresh();
	req.icmp_id = rep.icmp_id = req6.icmp_id = rep6.icmp_id = 77;
	EXPECT_DROP(send_flow(&w, BETA, T0, &rep), VG_DROP_DEFAULT_DENY);
	EXPECT_TX(send_flow(&w, ALPHA, T0, &req), BETA);
	m = send_flow(&w, BETA, T0, &rep);
	EXPECT_TX(m, ALPHA);
	CU_ASSERT_EQUAL(m.rule, R_PING);
	/* A request back the same way is no reply. */
	rep.sport = 8;
	EXPECT_DROP(send_flow(&w, BETA, T0, &rep), VG_DROP_DEFAULT_DENY);
	rep.sport = 0;
	rep.icmp_id = 78;
	EXPECT_DROP(send_flow(&w, BETA, T0, &rep), VG_DROP_DEFAULT_DENY);
	rep.icmp_id = 77;
	EXPECT_DROP(send_flow(&w, BETA, T0 + timeout + 1, &rep), VG_DROP_DEFAULT_DENY);
	EXPECT_TX(send_flow(&w, ALPHA, T0, &req6), BETA);
	EXPECT_TX(send_flow(&w, BETA, T0, &rep6), ALPHA);
	rep6.icmp_id = 78;
	EXPECT_DROP(send_flow(&w, BETA, T0, &rep6), VG_DROP_DEFAULT_DENY);
}

/* An ICMP error from `from` quoting the packet q (its IP header and the
 * first 8 bytes after it). */
static struct flow icmp_error(int family, int from, int to, uint8_t type, uint8_t code,
			      const struct flow *q, uint8_t *quote)
{
	uint8_t buf[FRAME_BUF];
	size_t hlen = family == 4 ? IPV4_LEN : IPV6_LEN;
	struct flow e = flow(family, from, to, family == 4 ? IPPROTO_ICMP : IPPROTO_ICMPV6,
			     type, code);

	frame_flow(q, buf);
	memcpy(quote, buf + ETH_LEN, hlen + 8);
	e.quote = quote;
	e.quote_len = (uint16_t)(hlen + 8);
	return e;
}

static void test_icmp_error_passes_when_it_quotes_a_session(void)
{
	uint8_t quote[64];
	struct flow syn = seg(4, ALPHA, SYN, ISN_A, 0, 0);
	struct flow other = seg(4, ALPHA, SYN, ISN_A, 0, 0);
	struct flow syn6 = seg(6, ALPHA, SYN, ISN_A, 0, 0);
	struct flow e;

	fresh();
	EXPECT_TX(send_flow(&w, ALPHA, T0, &syn), BETA);
	/* Port unreachable, quoting alpha's SYN. */
	e = icmp_error(4, BETA, ALPHA, 3, 3, &syn, quote);
	EXPECT_TX(send_flow(&w, BETA, T0, &e), ALPHA);
	/* Quoting a packet of no session. */
	other.sport = 40001;
	e = icmp_error(4, BETA, ALPHA, 3, 3, &other, quote);
	EXPECT_DROP(send_flow(&w, BETA, T0, &e), VG_DROP_DEFAULT_DENY);
	/* Time exceeded, truncated quote: no session can be found. */
	e = icmp_error(4, BETA, ALPHA, 11, 0, &syn, quote);
	e.quote_len = IPV4_LEN + 4;
	EXPECT_DROP(send_flow(&w, BETA, T0, &e), VG_DROP_DEFAULT_DENY);
	/* IPv6: packet too big. */
	EXPECT_TX(send_flow(&w, ALPHA, T0, &syn6), BETA);
	e = icmp_error(6, BETA, ALPHA, 2, 0, &syn6, quote);
	EXPECT_TX(send_flow(&w, BETA, T0, &e), ALPHA);
	e = icmp_error(6, BETA, ALPHA, 2, 0, &other, quote);   /* an IPv4 quote */
	EXPECT_DROP(send_flow(&w, BETA, T0, &e), VG_DROP_DEFAULT_DENY);
}

/* Limits. */

static void test_full_table_drops_new_sessions_and_keeps_established_ones(void)
{
	const struct ct_limits small = { .max_sessions = 8, .per_guest = 16 };
	struct flow q = flow(4, ALPHA, GAMMA, IPPROTO_UDP, 0, 53);

	fresh();
	CU_ASSERT_EQUAL_FATAL(dp_world_sessions(&w, &small), 0);
	handshake(4);
	for (uint16_t i = 0; i < 7; i++) {
		q.sport = (uint16_t)(6000 + i);
		EXPECT_TX(send_flow(&w, ALPHA, T0, &q), GAMMA);
	}
	CU_ASSERT_EQUAL(counter_read(&stats()->sessions), 8);
	q.sport = 7000;
	EXPECT_DROP(send_flow(&w, ALPHA, T0, &q), VG_DROP_CT_TABLE_FULL);
	CU_ASSERT_EQUAL(counter_read(&stats()->table_full), 1);
	EXPECT_TX(send_seg(4, BETA, ACK | PSH, ISN_B + 1, ISN_A + 1, 10, T0), ALPHA);
	EXPECT_TX(send_seg(4, ALPHA, ACK, ISN_A + 1, ISN_B + 11, 0, T0), BETA);
}

static void test_guest_over_its_share_cannot_open_more(void)
{
	const struct ct_limits shares = { .max_sessions = 64, .per_guest = 2 };
	struct flow q = flow(4, ALPHA, GAMMA, IPPROTO_UDP, 6000, 53);

	fresh();
	CU_ASSERT_EQUAL_FATAL(dp_world_sessions(&w, &shares), 0);
	handshake(4);
	EXPECT_TX(send_flow(&w, ALPHA, T0, &q), GAMMA);
	q.sport = 6001;
	EXPECT_DROP(send_flow(&w, ALPHA, T0, &q), VG_DROP_CT_GUEST_FULL);
	CU_ASSERT_EQUAL(counter_read(&stats()->guest_full), 1);
}

static void test_expiry_sweeps_a_bounded_number_of_slots(void)
{
	uint64_t later = T0 + CT_TIMEOUTS_DEFAULT.s[CT_UDP] * (uint64_t)HZ + 1;
	struct flow q = flow(4, ALPHA, GAMMA, IPPROTO_UDP, 0, 53);
	unsigned removed = 0;

	fresh();
	for (uint16_t i = 0; i < 10; i++) {
		q.sport = (uint16_t)(6000 + i);
		EXPECT_TX(send_flow(&w, ALPHA, T0, &q), GAMMA);
	}
	CU_ASSERT_EQUAL(ct_expire(w.ct, T0 + 1, 1024), 0);
	for (unsigned round = 0; round < 1024 / 16; round++) {
		unsigned n = ct_expire(w.ct, later, 16);

		CU_ASSERT(n <= 16);
		removed += n;
	}
	CU_ASSERT_EQUAL(removed, 10);
	CU_ASSERT_EQUAL(counter_read(&stats()->sessions), 0);
	CU_ASSERT_EQUAL(counter_read(&stats()->expired), 10);
}

/* Grants and reloads. */

static void test_revoking_the_grant_stops_an_established_flow(void)
{
	fresh();
	handshake(4);
	CU_ASSERT_EQUAL(dp_grants_revoke(w.grants, ALPHA, BETA, T0), 1);
	EXPECT_DROP(send_seg(4, BETA, ACK, ISN_B + 1, ISN_A + 1, 10, T0), VG_DROP_NO_GRANT);
	EXPECT_DROP(send_seg(4, ALPHA, ACK, ISN_A + 1, ISN_B + 1, 10, T0), VG_DROP_NO_GRANT);
}

/* Publishes the policy of text in w, as a reload does: sessions stay. */
static void reload(const char *policy_text)
{
	const struct vg_config *cfg = dp_config(policy_text);
	const char *err = NULL;
	struct dp_policy *next;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	next = dp_policy_build(cfg, w.pol, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(next);
	dp_policy_free(w.pol);
	w.pol = next;
}

static void test_reload_that_removes_the_opening_rule_stops_the_flow(void)
{
	static const char without_web[] = IDENTITIES
		"policy = { default = \"deny\"; rules = (\n"
		"  { name = \"dns\"; from = \"alpha\"; to = \"gamma\"; proto = \"udp\"; ports = 53;\n"
		"    action = \"allow\"; stateful = true; }\n"
		"); };\n" ATTESTED;
	struct flow q = flow(4, ALPHA, GAMMA, IPPROTO_UDP, 5353, 53);
	struct flow r = flow(4, GAMMA, ALPHA, IPPROTO_UDP, 53, 5353);

	fresh();
	handshake(4);
	EXPECT_TX(send_flow(&w, ALPHA, T0, &q), GAMMA);
	reload(without_web);
	EXPECT_DROP(send_seg(4, BETA, ACK, ISN_B + 1, ISN_A + 1, 10, T0), VG_DROP_CT_POLICY);
	/* Gone: the next segment meets the rules, and no rule opens it. */
	EXPECT_DROP(send_seg(4, ALPHA, ACK, ISN_A + 1, ISN_B + 1, 10, T0),
		    VG_DROP_DEFAULT_DENY);
	/* The session whose rule stayed goes on. */
	EXPECT_TX(send_flow(&w, GAMMA, T0, &r), ALPHA);
	CU_ASSERT_EQUAL(counter_read(&stats()->sessions), 1);
}

static void test_reload_that_keeps_the_opening_rule_keeps_the_flow(void)
{
	static const char more_rules[] = IDENTITIES
		"policy = { default = \"deny\"; rules = (\n"
		"  { name = \"no-ssh\"; from = \"any\"; to = \"any\"; proto = \"tcp\"; ports = 22;\n"
		"    action = \"deny\"; },\n" RULES "); };\n" ATTESTED;
	static const char web_denied[] = IDENTITIES
		"policy = { default = \"deny\"; rules = (\n"
		"  { name = \"no-web\"; from = \"alpha\"; to = \"beta\"; proto = \"tcp\"; ports = 80;\n"
		"    action = \"deny\"; },\n" RULES "); };\n" ATTESTED;
	struct pkt_meta m;

	fresh();
	handshake(4);
	reload(more_rules);
	m = send_seg(4, BETA, ACK | PSH, ISN_B + 1, ISN_A + 1, 10, T0);
	EXPECT_TX(m, ALPHA);
	CU_ASSERT_EQUAL(m.rule, R_WEB + 1);          /* web moved down one */
	EXPECT_TX(send_seg(4, ALPHA, ACK, ISN_A + 1, ISN_B + 11, 0, T0), BETA);
	/* The rule is still there, but an earlier one now denies the flow. */
	reload(web_denied);
	EXPECT_DROP(send_seg(4, ALPHA, ACK, ISN_A + 1, ISN_B + 11, 0, T0), VG_DROP_CT_POLICY);
}

static const struct vg_test tests[] = {
	VG_TEST(test_tcp_handshake_establishes_a_session_whose_replies_pass),
	VG_TEST(test_unsolicited_segments_from_the_server_are_dropped),
	VG_TEST(test_stateful_rule_drops_a_first_segment_that_is_no_syn),
	VG_TEST(test_rst_in_window_closes_the_session_and_a_new_syn_reopens_it),
	VG_TEST(test_fin_both_ways_closes_the_session),
	VG_TEST(test_out_of_window_segments_are_dropped),
	VG_TEST(test_tcp_session_expires_after_its_timeout),
	VG_TEST(test_udp_reply_passes_within_the_timeout_only),
	VG_TEST(test_icmp_echo_reply_passes_for_the_same_id_only),
	VG_TEST(test_icmp_error_passes_when_it_quotes_a_session),
	VG_TEST(test_full_table_drops_new_sessions_and_keeps_established_ones),
	VG_TEST(test_guest_over_its_share_cannot_open_more),
	VG_TEST(test_expiry_sweeps_a_bounded_number_of_slots),
	VG_TEST(test_revoking_the_grant_stops_an_established_flow),
	VG_TEST(test_reload_that_removes_the_opening_rule_stops_the_flow),
	VG_TEST(test_reload_that_keeps_the_opening_rule_keeps_the_flow),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = {
		{ "dataplane-conntrack", setup, teardown, tests }, { NULL },
	};

	return vg_test_main(suites);
}
