/* SPDX-License-Identifier: BSD-3-Clause */
/* Rate limits through the whole pipeline, on a clock the tests drive: a
 * guest limited in packets or bytes per second passes its rate and no
 * more, the rest dropped as rate_limit; a guest without a limit is never
 * policed; spoofed frames cost nothing and denied ones are policed too; a
 * reload applies a changed limit and keeps the buckets of an unchanged
 * one. */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>

#include "cunit_runner.h"
#include "pipeline_harness.h"

/* rte_meter counts in TSC cycles at the real TSC rate: so does the test's
 * clock, starting one second in. */
static uint64_t hz;
#define START hz

static struct dp_world w;

/* The identities of IDENTITIES, with alpha limited by alpha_limit (the
 * inside of a rate_limit group) and beta to 1 pps (never sending here),
 * in a lab policy that denies only alpha's DNS to gamma. */
static const char *policy_text(const char *alpha_limit, const char *extra_rule)
{
	static char text[4096];

	snprintf(text, sizeof(text),
		 "gateway = { name = \"gw\"; control_mac = \"02:00:00:00:00:01\";\n"
		 "  control_ipv4 = \"10.0.0.1/24\"; control_ipv6 = \"fd00::1/64\"; };\n"
		 "guests = (\n"
		 "  { name = \"alpha\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10/24\";\n"
		 "    ipv6 = \"fd00::a/64\"; groups = [\"web\"]; rate_limit = { %s }; },\n"
		 "  { name = \"beta\"; mac = \"52:54:00:00:00:0b\"; ipv4 = \"10.0.0.11/24\";\n"
		 "    ipv6 = \"fd00::b/64\"; groups = [\"db\"]; rate_limit = { pps = 1; }; },\n"
		 "  { name = \"gamma\"; mac = \"52:54:00:00:00:0c\"; ipv4 = \"10.0.0.12/24\";\n"
		 "    ipv6 = \"fd00::c/64\"; groups = [\"db\"]; }\n"
		 ");\n"
		 "policy = { default = \"allow\"; rules = (\n"
		 "  { name = \"no-dns\"; from = \"alpha\"; to = \"gamma\"; proto = \"udp\";\n"
		 "    ports = 53; action = \"deny\"; }%s\n"
		 "); };\n"
		 "attestation = { required = false; };\n",
		 alpha_limit, extra_rule);
	return text;
}

static int setup(void)
{
	if (dp_eal_start() < 0)
		return -1;
	hz = rte_get_tsc_hz();
	return 0;
}

static int teardown(void)
{
	dp_world_free(&w);
	return dp_eal_stop();
}

static void fresh(const char *alpha_limit)
{
	dp_world_free(&w);
	CU_ASSERT_EQUAL_FATAL(dp_world_build(&w, policy_text(alpha_limit, ""), hz), 0);
}

/* Publishes a new policy as a reload does: the meters stay the worker's. */
static void reload(const char *alpha_limit, const char *extra_rule)
{
	const struct vg_config *cfg = dp_config(policy_text(alpha_limit, extra_rule));
	const char *err = NULL;
	struct dp_policy *next;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	next = dp_policy_build(cfg, w.pol, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(next);
	dp_policy_free(w.pol);
	w.pol = next;
}

struct tally {
	unsigned passed, policed, other;
};

/* One burst of n copies of frame from in_port at now. */
static void burst(uint16_t in_port, uint64_t now, const uint8_t *frame, size_t len,
		  uint16_t n, struct tally *t)
{
	struct rte_mbuf *pkts[VG_BURST];
	struct pkt_meta meta[VG_BURST];

	for (uint16_t i = 0; i < n; i++) {
		pkts[i] = dp_mbuf(frame, len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(pkts[i]);
	}
	memset(meta, 0, sizeof(meta));
	run(&w, in_port, now, pkts, meta, n);
	for (uint16_t i = 0; i < n; i++) {
		if (meta[i].verdict == VERDICT_TX)
			t->passed++;
		else if (meta[i].verdict == VERDICT_DROP && meta[i].reason == VG_DROP_RATE_LIMIT)
			t->policed++;
		else
			t->other++;
	}
	rte_pktmbuf_free_bulk(pkts, n);
}

/* Sends per_s frames of f a second, in full bursts spread evenly over
 * the second that starts at from. */
static struct tally one_second(uint16_t in_port, const struct flow *f, uint64_t from,
			       unsigned per_s)
{
	_Alignas(16) uint8_t frame[FRAME_BUF];
	size_t len = frame_flow(f, frame);
	struct tally t = { 0 };

	for (unsigned sent = 0; sent < per_s; sent += VG_BURST)
		burst(in_port, from + hz * sent / per_s, frame, len,
		      (uint16_t)(per_s - sent < VG_BURST ? per_s - sent : VG_BURST), &t);
	CU_ASSERT_EQUAL(t.other, 0);
	return t;
}

static bool within_tenth(unsigned got, unsigned want)
{
	bool ok = got * 10 >= want * 9 && got * 10 <= want * 11;

	if (!ok)
		fprintf(stderr, "\n  %u passed in a second, want %u within 10%%", got, want);
	return ok;
}

/* Each of seconds [first, last) of the test's clock passes want of the
 * twice as many frames alpha offers, the rest policed. */
static void alpha_passes_per_second(const struct flow *f, unsigned first, unsigned last,
				    unsigned want)
{
	for (unsigned s = first; s < last; s++) {
		struct tally t = one_second(ALPHA, f, START + s * hz, 2 * want);

		CU_ASSERT_TRUE(within_tenth(t.passed, want));
		CU_ASSERT_EQUAL(t.passed + t.policed, 2 * want);
	}
}

static struct flow udp(int from, int to, uint16_t payload)
{
	struct flow f = flow(4, from, to, IPPROTO_UDP, 40000, 9000);

	f.payload = payload;
	return f;
}

static void test_guest_limited_in_packets_passes_its_rate_and_the_rest_is_rate_limit(void)
{
	struct flow f = udp(ALPHA, BETA, 18);
	struct tally first;

	fresh("pps = 1000;");
	/* The first second also spends the full bucket it starts with. */
	first = one_second(ALPHA, &f, START, 2000);
	CU_ASSERT_TRUE(first.passed >= 1000 && first.passed <= 1000 + VG_BURST + 100);
	alpha_passes_per_second(&f, 1, 4, 1000);
}

static void test_guest_limited_in_bytes_passes_its_rate_of_1000_byte_frames(void)
{
	/* 800 kbps: 100,000 bytes a second, 100 frames of 1000 bytes. The
	 * bucket (64 KB) holds what accrues between two bursts (16 KB). */
	struct flow f = udp(ALPHA, BETA, 1000 - ETH_LEN - IPV4_LEN - 8);
	_Alignas(16) uint8_t frame[FRAME_BUF];

	CU_ASSERT_EQUAL_FATAL(frame_flow(&f, frame), 1000);
	fresh("kbps = 800; burst_kb = 64;");
	one_second(ALPHA, &f, START, 200);
	alpha_passes_per_second(&f, 1, 4, 100);
}

static void test_byte_limit_passes_more_small_frames_than_large_ones(void)
{
	/* Same 100,000 bytes a second in 100-byte frames: ten times as many. */
	struct flow f = udp(ALPHA, BETA, 100 - ETH_LEN - IPV4_LEN - 8);

	fresh("kbps = 800; burst_kb = 64;");
	one_second(ALPHA, &f, START, 2000);
	alpha_passes_per_second(&f, 1, 3, 1000);
}

static void test_guest_without_a_limit_is_never_policed(void)
{
	struct flow f = udp(GAMMA, BETA, 1000);

	fresh("pps = 10;");
	for (unsigned s = 0; s < 3; s++) {
		struct tally t = one_second(GAMMA, &f, START + s * hz, 4000);

		CU_ASSERT_EQUAL(t.passed, 4000);
		CU_ASSERT_EQUAL(t.policed, 0);
	}
}

static void test_spoofed_frames_do_not_spend_the_guests_budget(void)
{
	struct flow spoofed = udp(ALPHA, BETA, 18), f = udp(ALPHA, BETA, 18);
	_Alignas(16) uint8_t frame[FRAME_BUF];
	struct tally t = { 0 };
	size_t len;

	fresh("pps = 100;");
	spoofed.src_ip[3] = 99;
	len = frame_flow(&spoofed, frame);
	for (int i = 0; i < 10; i++)
		EXPECT_DROP(send_frame(&w, ALPHA, START, frame, len, NULL), VG_DROP_SPOOF_IP);
	/* The whole burst (32 frames at 100 pps) is still there. */
	len = frame_flow(&f, frame);
	burst(ALPHA, START, frame, len, VG_BURST, &t);
	CU_ASSERT_EQUAL(t.passed, VG_BURST);
	EXPECT_DROP(send_frame(&w, ALPHA, START, frame, len, NULL), VG_DROP_RATE_LIMIT);
}

static void test_traffic_the_rules_deny_is_policed_too(void)
{
	struct flow dns = udp(ALPHA, GAMMA, 18);
	_Alignas(16) uint8_t frame[FRAME_BUF];
	size_t len;

	fresh("pps = 100;");
	dns.dport = 53;
	len = frame_flow(&dns, frame);
	for (int i = 0; i < VG_BURST; i++)
		EXPECT_DROP(send_frame(&w, ALPHA, START, frame, len, NULL), VG_DROP_ACL_DENY);
	EXPECT_DROP(send_frame(&w, ALPHA, START, frame, len, NULL), VG_DROP_RATE_LIMIT);
}

static void test_reload_that_changes_the_limit_applies_the_new_rate(void)
{
	struct flow f = udp(ALPHA, BETA, 18);

	fresh("pps = 1000;");
	one_second(ALPHA, &f, START, 2000);
	alpha_passes_per_second(&f, 1, 2, 1000);
	reload("pps = 200;", "");
	/* A fresh bucket under the new limit: its burst, then the rate. */
	one_second(ALPHA, &f, START + 2 * hz, 400);
	alpha_passes_per_second(&f, 3, 6, 200);
	reload("pps = 5000;", "");
	one_second(ALPHA, &f, START + 6 * hz, 10000);
	alpha_passes_per_second(&f, 7, 9, 5000);
}

static void test_reload_that_keeps_the_limit_keeps_the_bucket(void)
{
	static const char more_rules[] = ",\n"
		"  { name = \"no-ssh\"; from = \"any\"; to = \"any\"; proto = \"tcp\";\n"
		"    ports = 22; action = \"deny\"; }";
	struct flow f = udp(ALPHA, BETA, 18);
	struct pkt_meta m;

	fresh("pps = 100;");
	one_second(ALPHA, &f, START, VG_BURST);
	m = send_flow(&w, ALPHA, START, &f);
	EXPECT_DROP(m, VG_DROP_RATE_LIMIT);
	/* Other rules, the same limit: still empty at the same instant. */
	reload("pps = 100;", more_rules);
	EXPECT_DROP(send_flow(&w, ALPHA, START, &f), VG_DROP_RATE_LIMIT);
	/* And refilled by the time that passed, at the old rate: one frame
	 * in 10 ms at 100 pps. */
	EXPECT_TX(send_flow(&w, ALPHA, START + hz / 100, &f), BETA);
	EXPECT_DROP(send_flow(&w, ALPHA, START + hz / 100, &f), VG_DROP_RATE_LIMIT);
	/* A changed limit starts with a full bucket. */
	reload("pps = 100; kbps = 1000;", more_rules);
	EXPECT_TX(send_flow(&w, ALPHA, START + hz / 100, &f), BETA);
}

static const struct vg_test tests[] = {
	VG_TEST(test_guest_limited_in_packets_passes_its_rate_and_the_rest_is_rate_limit),
	VG_TEST(test_guest_limited_in_bytes_passes_its_rate_of_1000_byte_frames),
	VG_TEST(test_byte_limit_passes_more_small_frames_than_large_ones),
	VG_TEST(test_guest_without_a_limit_is_never_policed),
	VG_TEST(test_spoofed_frames_do_not_spend_the_guests_budget),
	VG_TEST(test_traffic_the_rules_deny_is_policed_too),
	VG_TEST(test_reload_that_changes_the_limit_applies_the_new_rate),
	VG_TEST(test_reload_that_keeps_the_limit_keeps_the_bucket),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = {
		{ "dataplane-meter", setup, teardown, tests }, { NULL },
	};

	return vg_test_main(suites);
}
