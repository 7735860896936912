/* SPDX-License-Identifier: BSD-3-Clause */
/* The whole pipeline on crafted frames: identity, neighbours, destination,
 * grants, rules and the punt port, with the tables vmgate-dataplane builds
 * from a policy of three guests. */
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>

#include <rte_arp.h>
#include <rte_byteorder.h>
#include <rte_icmp.h>
#include <rte_ip.h>
#include <rte_tcp.h>

#include "counter.h"
#include "cunit_runner.h"
#include "pipeline_harness.h"

/* Rule numbers (meta.rule is index + 1). */
enum {
	R_NO_SSH = 1, R_ALPHA_TO_BETA, R_WEB_TO_DB, R_PING_BETA, R_PING6_BETA,
	R_NO_DNS, R_UDP_TO_GAMMA, R_BETA_UDP,
};

static const char attested_text[] = IDENTITIES
	"policy = { default = \"deny\"; rules = (\n"
	"  { name = \"no-ssh\"; from = \"any\"; to = \"any\"; proto = \"tcp\"; ports = 22;\n"
	"    action = \"deny\"; },\n"
	"  { name = \"alpha-to-beta\"; from = \"alpha\"; to = \"beta\"; proto = \"tcp\";\n"
	"    ports = [22, 80]; action = \"allow\"; stateful = true; },\n"
	"  { name = \"web-to-db\"; from = \"@web\"; to = \"@db\"; proto = \"tcp\"; ports = 5432;\n"
	"    action = \"allow\"; },\n"
	"  { name = \"ping-beta\"; from = \"alpha\"; to = \"beta\"; proto = \"icmp\";\n"
	"    icmp_types = 8; action = \"allow\"; stateful = true; },\n"
	"  { name = \"ping6-beta\"; from = \"alpha\"; to = \"beta\"; proto = \"icmpv6\";\n"
	"    icmp_types = 128; action = \"allow\"; stateful = true; },\n"
	"  { name = \"no-dns\"; from = \"alpha\"; to = \"gamma\"; proto = \"udp\"; ports = 53;\n"
	"    action = \"deny\"; },\n"
	"  { name = \"udp-to-gamma\"; from = \"alpha\"; to = \"gamma\"; proto = \"udp\";\n"
	"    fragments = true; action = \"allow\"; },\n"
	"  { name = \"beta-udp\"; from = \"beta\"; to = \"gamma\"; proto = \"udp\";\n"
	"    action = \"allow\"; }\n"
	"); };\n"
	"attestation = { required = true; grant_ttl = 60; reattest_interval = 20; };\n";

static const char lab_text[] = IDENTITIES
	"policy = { default = \"allow\"; rules = (\n"
	"  { name = \"no-dns\"; from = \"alpha\"; to = \"gamma\"; proto = \"udp\"; ports = 53;\n"
	"    action = \"deny\"; }\n"
	"); };\n"
	"attestation = { required = false; };\n";

static struct dp_world attested, lab;

static int setup(void)
{
	if (dp_eal_start() < 0)
		return -1;
	if (dp_world_build(&attested, attested_text, HZ) < 0 ||
	    dp_world_build(&lab, lab_text, HZ) < 0) {
		dp_world_free(&attested);
		dp_eal_stop();
		return -1;
	}
	return 0;
}

static int teardown(void)
{
	dp_world_free(&attested);
	dp_world_free(&lab);
	return dp_eal_stop();
}

/* Identity. */

static void test_spoofed_source_mac_is_spoof_mac(void)
{
	struct flow f = flow(4, ALPHA, BETA, IPPROTO_TCP, 40000, 80);
	struct pkt_meta m;

	all_grants(&attested);
	f.src_mac = mac(mac_of[GAMMA]);
	m = send_flow(&attested, ALPHA, T0, &f);
	EXPECT_DROP(m, VG_DROP_SPOOF_MAC);
	/* The same frame from gamma's own port is gamma's. */
	EXPECT_DROP(send_flow(&attested, GAMMA, T0, &f), VG_DROP_SPOOF_IP);
}

static void test_spoofed_source_ipv4_is_spoof_ip(void)
{
	struct flow f = flow(4, ALPHA, BETA, IPPROTO_TCP, 40000, 80);
	uint32_t gamma = ip4(ipv4_of[GAMMA]);
	struct pkt_meta m;

	all_grants(&attested);
	memcpy(f.src_ip, &gamma, 4);
	m = send_flow(&attested, ALPHA, T0, &f);
	EXPECT_DROP(m, VG_DROP_SPOOF_IP);
	CU_ASSERT_EQUAL(m.src, ALPHA);
}

static void test_spoofed_source_ipv6_is_spoof_ip(void)
{
	struct flow f = flow(6, ALPHA, BETA, IPPROTO_TCP, 40000, 80);

	all_grants(&attested);
	ip6("fd00::99", f.src_ip);
	EXPECT_DROP(send_flow(&attested, ALPHA, T0, &f), VG_DROP_SPOOF_IP);
}

static void test_ipv6_from_the_unspecified_address_is_bad_nd(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct rte_ether_addr a = mac(mac_of[ALPHA]);
	uint8_t unspecified[16] = { 0 }, target[16];

	/* Duplicate address detection: answered by no one, forwarded nowhere. */
	ip6(ipv6_of[BETA], target);
	EXPECT_DROP(send_frame(&attested, ALPHA, T0, buf,
			       frame_ns(buf, &a, unspecified, target), NULL),
		    VG_DROP_BAD_ND);
}

static void test_arp_with_a_spoofed_sender_mac_is_spoof_mac(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct rte_ether_addr a = mac(mac_of[ALPHA]), g = mac(mac_of[GAMMA]), zero = { { 0 } };
	struct rte_ether_addr bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
	size_t len = frame_arp(buf, &bcast, &a, RTE_ARP_OP_REQUEST, &g,
			       ip4(ipv4_of[ALPHA]), &zero, ip4(ipv4_of[BETA]));

	EXPECT_DROP(send_frame(&attested, ALPHA, T0, buf, len, NULL), VG_DROP_SPOOF_MAC);
}

static void test_arp_with_a_spoofed_sender_ip_is_spoof_ip(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct rte_ether_addr a = mac(mac_of[ALPHA]), zero = { { 0 } };
	struct rte_ether_addr bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
	size_t len = frame_arp(buf, &bcast, &a, RTE_ARP_OP_REQUEST, &a,
			       ip4(ipv4_of[GAMMA]), &zero, ip4(ipv4_of[BETA]));

	EXPECT_DROP(send_frame(&attested, ALPHA, T0, buf, len, NULL), VG_DROP_SPOOF_IP);
}

/* Destination. */

static void test_ipv6_destination_is_found_where_ports_put_it(void)
{
	/* Ports deliver frames at RTE_PKTMBUF_HEADROOM, where the IPv6
	 * destination sits 2 bytes past a 4-byte boundary: the lookup must not
	 * assume more (UBSan reports a misaligned load otherwise). */
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow(6, ALPHA, BETA, IPPROTO_TCP, 40000, 80);
	struct rte_mbuf *pkt = dp_mbuf(buf, frame_flow(&f, buf));
	uintptr_t dst;
	struct pkt_meta m;

	CU_ASSERT_PTR_NOT_NULL_FATAL(pkt);
	all_grants(&attested);
	dst = rte_pktmbuf_mtod_offset(pkt, uintptr_t, ETH_LEN +
				      offsetof(struct rte_ipv6_hdr, dst_addr));
	CU_ASSERT_EQUAL(pkt->data_off, RTE_PKTMBUF_HEADROOM);
	CU_ASSERT_EQUAL(dst % 4, 2);
	run(&attested, ALPHA, T0, &pkt, &m, 1);
	EXPECT_TX(m, BETA);
	rte_pktmbuf_free(pkt);
}

static void test_unknown_destination_ip_is_unknown_dst(void)
{
	struct flow f4 = flow(4, ALPHA, BETA, IPPROTO_TCP, 40000, 80);
	struct flow f6 = flow(6, ALPHA, BETA, IPPROTO_TCP, 40000, 80);
	uint32_t nobody = ip4("10.0.0.99");

	all_grants(&attested);
	memcpy(f4.dst_ip, &nobody, 4);
	ip6("fd00::99", f6.dst_ip);
	EXPECT_DROP(send_flow(&attested, ALPHA, T0, &f4), VG_DROP_UNKNOWN_DST);
	EXPECT_DROP(send_flow(&attested, ALPHA, T0, &f6), VG_DROP_UNKNOWN_DST);
}

static void test_destination_mac_of_another_guest_is_dst_mismatch(void)
{
	struct flow f = flow(4, ALPHA, BETA, IPPROTO_TCP, 40000, 80);

	all_grants(&attested);
	f.dst_mac = mac(mac_of[GAMMA]);
	EXPECT_DROP(send_flow(&attested, ALPHA, T0, &f), VG_DROP_DST_MISMATCH);
	f = flow(6, ALPHA, BETA, IPPROTO_TCP, 40000, 80);
	f.dst_mac = mac(mac_of[GATEWAY]);
	EXPECT_DROP(send_flow(&attested, ALPHA, T0, &f), VG_DROP_DST_MISMATCH);
}

static void test_frame_to_the_sender_itself_is_hairpin(void)
{
	struct flow f = flow(4, ALPHA, ALPHA, IPPROTO_TCP, 40000, 80);

	all_grants(&attested);
	EXPECT_DROP(send_flow(&attested, ALPHA, T0, &f), VG_DROP_HAIRPIN);
}

/* Grants. */

static void test_without_a_grant_attested_guests_cannot_talk(void)
{
	struct flow f = flow(4, ALPHA, BETA, IPPROTO_TCP, 40000, 80);

	no_grants(&attested);
	EXPECT_DROP(send_flow(&attested, ALPHA, T0, &f), VG_DROP_NO_GRANT);
	/* A grant for another pair does not help. */
	CU_ASSERT_EQUAL_FATAL(dp_grants_add(attested.grants, ALPHA, GAMMA, 0, T0), 0);
	EXPECT_DROP(send_flow(&attested, ALPHA, T0, &f), VG_DROP_NO_GRANT);
}

static void test_grant_lets_the_pair_through_to_the_destination_port(void)
{
	struct flow f = flow(4, ALPHA, BETA, IPPROTO_TCP, 40000, 80);
	_Alignas(16) uint8_t buf[FRAME_BUF];
	size_t len = frame_flow(&f, buf);
	struct pkt_meta m;

	no_grants(&attested);
	CU_ASSERT_EQUAL_FATAL(dp_grants_add(attested.grants, BETA, ALPHA, 60, T0), 0);
	m = send_frame(&attested, ALPHA, T0, buf, len, NULL);
	EXPECT_TX(m, BETA);
	CU_ASSERT_EQUAL(m.src, ALPHA);
	CU_ASSERT_EQUAL(m.dst, BETA);
	CU_ASSERT_EQUAL(counter_read(&attested.grants->packets[ALPHA][BETA]), 1);
	CU_ASSERT_EQUAL(counter_read(&attested.grants->bytes[ALPHA][BETA]), len);
	CU_ASSERT_EQUAL(counter_read(&attested.grants->packets[BETA][ALPHA]), 0);
}

static void test_grant_expiry_cuts_the_pair_off(void)
{
	struct flow f = flow(4, ALPHA, BETA, IPPROTO_TCP, 40000, 80);

	no_grants(&attested);
	CU_ASSERT_EQUAL_FATAL(dp_grants_add(attested.grants, ALPHA, BETA, 60, T0), 0);
	EXPECT_TX(send_flow(&attested, ALPHA, T0 + 60 * HZ - 1, &f), BETA);
	EXPECT_DROP(send_flow(&attested, ALPHA, T0 + 60 * HZ, &f), VG_DROP_NO_GRANT);
}

static void test_revoked_grant_cuts_the_pair_off(void)
{
	struct flow f = flow(6, ALPHA, BETA, IPPROTO_TCP, 40000, 80);

	all_grants(&attested);
	EXPECT_TX(send_flow(&attested, ALPHA, T0, &f), BETA);
	CU_ASSERT_EQUAL(dp_grants_revoke(attested.grants, BETA, VG_GUEST_NONE, T0), 2);
	EXPECT_DROP(send_flow(&attested, ALPHA, T0, &f), VG_DROP_NO_GRANT);
}

static void test_without_attestation_no_grant_is_needed(void)
{
	struct flow f = flow(4, ALPHA, BETA, IPPROTO_TCP, 40000, 80);

	no_grants(&lab);
	EXPECT_TX(send_flow(&lab, ALPHA, T0, &f), BETA);
	f = flow(6, GAMMA, ALPHA, IPPROTO_UDP, 40000, 5000);
	EXPECT_TX(send_flow(&lab, GAMMA, T0, &f), ALPHA);
}

/* Rules. */

static void test_allowed_service_goes_to_the_destination_port_and_counts(void)
{
	struct flow f = flow(4, ALPHA, BETA, IPPROTO_TCP, 40000, 80);
	uint64_t before = counter_read(&attested.pol->rule_hits[R_ALPHA_TO_BETA - 1]);
	uint64_t deny_before = counter_read(&attested.pol->rule_hits[R_NO_SSH - 1]);
	struct pkt_meta m;

	all_grants(&attested);
	/* A session of this flow, from an earlier test, would pass the SYN
	 * without the rules (test_conntrack.c). */
	CU_ASSERT_EQUAL_FATAL(dp_world_sessions(&attested, NULL), 0);
	m = send_flow(&attested, ALPHA, T0, &f);
	EXPECT_TX(m, BETA);
	CU_ASSERT_EQUAL(m.rule, R_ALPHA_TO_BETA);
	CU_ASSERT_EQUAL(counter_read(&attested.pol->rule_hits[R_ALPHA_TO_BETA - 1]),
			before + 1);
	CU_ASSERT_EQUAL(counter_read(&attested.pol->rule_hits[R_NO_SSH - 1]), deny_before);
	/* The same over IPv6. */
	f = flow(6, ALPHA, BETA, IPPROTO_TCP, 40000, 80);
	EXPECT_TX(send_flow(&attested, ALPHA, T0, &f), BETA);
	CU_ASSERT_EQUAL(counter_read(&attested.pol->rule_hits[R_ALPHA_TO_BETA - 1]),
			before + 2);
}

static void test_deny_rule_drops_with_the_rule_set(void)
{
	struct flow f = flow(4, ALPHA, GAMMA, IPPROTO_UDP, 40000, 53);
	uint64_t before = counter_read(&attested.pol->rule_hits[R_NO_DNS - 1]);
	struct pkt_meta m;

	all_grants(&attested);
	m = send_flow(&attested, ALPHA, T0, &f);
	EXPECT_DROP(m, VG_DROP_ACL_DENY);
	CU_ASSERT_EQUAL(m.rule, R_NO_DNS);
	CU_ASSERT_EQUAL(counter_read(&attested.pol->rule_hits[R_NO_DNS - 1]), before + 1);
	/* The next rule allows the rest of alpha's UDP to gamma. */
	f.dport = 54;
	m = send_flow(&attested, ALPHA, T0, &f);
	EXPECT_TX(m, GAMMA);
	CU_ASSERT_EQUAL(m.rule, R_UDP_TO_GAMMA);
}

static void test_nothing_matching_is_default_deny(void)
{
	struct flow f = flow(4, ALPHA, BETA, IPPROTO_TCP, 40000, 81);
	struct pkt_meta m;

	all_grants(&attested);
	m = send_flow(&attested, ALPHA, T0, &f);
	EXPECT_DROP(m, VG_DROP_DEFAULT_DENY);
	CU_ASSERT_EQUAL(m.rule, 0);
	/* Rules are directed: beta may not open what alpha may. */
	f = flow(4, BETA, ALPHA, IPPROTO_TCP, 40000, 80);
	EXPECT_DROP(send_flow(&attested, BETA, T0, &f), VG_DROP_DEFAULT_DENY);
}

static void test_default_allow_passes_what_no_rule_matches(void)
{
	struct flow f = flow(4, ALPHA, GAMMA, IPPROTO_TCP, 40000, 443);
	struct pkt_meta m = send_flow(&lab, ALPHA, T0, &f);

	EXPECT_TX(m, GAMMA);
	CU_ASSERT_EQUAL(m.rule, 0);
	f = flow(4, ALPHA, GAMMA, IPPROTO_UDP, 40000, 53);
	m = send_flow(&lab, ALPHA, T0, &f);
	EXPECT_DROP(m, VG_DROP_ACL_DENY);
	CU_ASSERT_EQUAL(m.rule, 1);
}

static void test_first_match_wins_over_a_later_allow(void)
{
	/* no-ssh (rule 1) denies port 22, which alpha-to-beta (rule 2) allows. */
	struct flow f = flow(4, ALPHA, BETA, IPPROTO_TCP, 40000, 22);
	struct pkt_meta m;

	all_grants(&attested);
	m = send_flow(&attested, ALPHA, T0, &f);
	EXPECT_DROP(m, VG_DROP_ACL_DENY);
	CU_ASSERT_EQUAL(m.rule, R_NO_SSH);
}

static void test_group_rule_matches_members_and_not_others(void)
{
	struct flow f;
	struct pkt_meta m;

	all_grants(&attested);
	/* alpha is in @web; beta and gamma are in @db. */
	f = flow(4, ALPHA, BETA, IPPROTO_TCP, 40000, 5432);
	m = send_flow(&attested, ALPHA, T0, &f);
	EXPECT_TX(m, BETA);
	CU_ASSERT_EQUAL(m.rule, R_WEB_TO_DB);
	f = flow(6, ALPHA, GAMMA, IPPROTO_TCP, 40000, 5432);
	m = send_flow(&attested, ALPHA, T0, &f);
	EXPECT_TX(m, GAMMA);
	CU_ASSERT_EQUAL(m.rule, R_WEB_TO_DB);
	f = flow(4, GAMMA, BETA, IPPROTO_TCP, 40000, 5432);
	m = send_flow(&attested, GAMMA, T0, &f);
	EXPECT_DROP(m, VG_DROP_DEFAULT_DENY);
	f = flow(4, BETA, ALPHA, IPPROTO_TCP, 40000, 5432);
	EXPECT_DROP(send_flow(&attested, BETA, T0, &f), VG_DROP_DEFAULT_DENY);
}

/* Replies of a stateful rule used to pass by a reverse rule that wanted
 * TCP ACK; now only their session lets them through (test_conntrack.c),
 * and without one they meet the rules like any frame. */
static void test_stateful_tcp_reply_without_a_session_meets_the_rules(void)
{
	struct flow f = flow(4, BETA, ALPHA, IPPROTO_TCP, 80, 40000);

	all_grants(&attested);
	CU_ASSERT_EQUAL_FATAL(dp_world_sessions(&attested, NULL), 0);
	f.tcp_flags = RTE_TCP_SYN_FLAG;        /* beta opening towards alpha */
	EXPECT_DROP(send_flow(&attested, BETA, T0, &f), VG_DROP_DEFAULT_DENY);
	f.tcp_flags = RTE_TCP_SYN_FLAG | RTE_TCP_ACK_FLAG;
	EXPECT_DROP(send_flow(&attested, BETA, T0, &f), VG_DROP_DEFAULT_DENY);
	f.tcp_flags = RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG;
	EXPECT_DROP(send_flow(&attested, BETA, T0, &f), VG_DROP_DEFAULT_DENY);
}

static void test_stateful_icmp_echo_reply_passes_back_but_no_unsolicited_request(void)
{
	struct flow f;
	struct pkt_meta m;

	all_grants(&attested);
	f = flow(4, ALPHA, BETA, IPPROTO_ICMP, 8, 0);
	EXPECT_TX(send_flow(&attested, ALPHA, T0, &f), BETA);
	f = flow(4, BETA, ALPHA, IPPROTO_ICMP, 0, 0);
	m = send_flow(&attested, BETA, T0, &f);
	EXPECT_TX(m, ALPHA);
	CU_ASSERT_EQUAL(m.rule, R_PING_BETA);
	f = flow(4, BETA, ALPHA, IPPROTO_ICMP, 8, 0);
	EXPECT_DROP(send_flow(&attested, BETA, T0, &f), VG_DROP_DEFAULT_DENY);
	/* A reply type in the forward direction is no request. */
	f = flow(4, ALPHA, BETA, IPPROTO_ICMP, 0, 0);
	EXPECT_DROP(send_flow(&attested, ALPHA, T0, &f), VG_DROP_DEFAULT_DENY);
}

static void test_stateful_icmpv6_echo_reply_passes_back_but_no_unsolicited_request(void)
{
	struct flow f;
	struct pkt_meta m;

	all_grants(&attested);
	f = flow(6, ALPHA, BETA, IPPROTO_ICMPV6, 128, 0);
	EXPECT_TX(send_flow(&attested, ALPHA, T0, &f), BETA);
	f = flow(6, BETA, ALPHA, IPPROTO_ICMPV6, 129, 0);
	m = send_flow(&attested, BETA, T0, &f);
	EXPECT_TX(m, ALPHA);
	CU_ASSERT_EQUAL(m.rule, R_PING6_BETA);
	f = flow(6, BETA, ALPHA, IPPROTO_ICMPV6, 128, 0);
	EXPECT_DROP(send_flow(&attested, BETA, T0, &f), VG_DROP_DEFAULT_DENY);
	/* An ICMP (v4) protocol rule says nothing about ICMPv6. */
	f = flow(6, BETA, ALPHA, IPPROTO_ICMPV6, 0, 0);
	EXPECT_DROP(send_flow(&attested, BETA, T0, &f), VG_DROP_DEFAULT_DENY);
}

static void test_rebuilt_policy_carries_hits_by_rule_name_and_decides_anew(void)
{
	static const char text[] = IDENTITIES
		"policy = { rules = (\n"
		"  { name = \"web-to-db\"; from = \"@web\"; to = \"@db\"; proto = \"tcp\";\n"
		"    ports = 5432; action = \"allow\"; },\n"
		"  { name = \"block-http\"; from = \"alpha\"; to = \"beta\"; proto = \"tcp\";\n"
		"    ports = 80; action = \"deny\"; },\n"
		"  { name = \"alpha-to-beta\"; from = \"alpha\"; to = \"beta\"; proto = \"tcp\";\n"
		"    ports = [22, 80]; action = \"allow\"; stateful = true; }\n"
		"); };\n";
	struct flow f = flow(4, ALPHA, BETA, IPPROTO_TCP, 40000, 80);
	const struct vg_config *cfg = dp_config(text);
	struct dp_world next;
	const char *err = NULL;
	struct pkt_meta m;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	all_grants(&attested);
	EXPECT_TX(send_flow(&attested, ALPHA, T0, &f), BETA);   /* a hit to carry */
	next = (struct dp_world){ .topo = attested.topo,
				  .pol = dp_policy_build(cfg, attested.pol, &err),
				  .grants = attested.grants };
	CU_ASSERT_PTR_NOT_NULL_FATAL(next.pol);
	CU_ASSERT_NOT_EQUAL(next.pol->generation, attested.pol->generation);
	CU_ASSERT_EQUAL(counter_read(&next.pol->rule_hits[0]),
			counter_read(&attested.pol->rule_hits[R_WEB_TO_DB - 1]));
	CU_ASSERT_EQUAL(counter_read(&next.pol->rule_hits[1]), 0);
	CU_ASSERT_EQUAL(counter_read(&next.pol->rule_hits[2]),
			counter_read(&attested.pol->rule_hits[R_ALPHA_TO_BETA - 1]));
	CU_ASSERT_NOT_EQUAL(counter_read(&next.pol->rule_hits[2]), 0);
	/* The new rules decide, not the old context. */
	m = send_flow(&next, ALPHA, T0, &f);
	EXPECT_DROP(m, VG_DROP_ACL_DENY);
	CU_ASSERT_EQUAL(m.rule, 2);
	EXPECT_TX(send_flow(&attested, ALPHA, T0, &f), BETA);
	dp_policy_free(next.pol);
}

/* Fragments. */

static struct flow later_fragment(int family, int from, int to, uint8_t proto)
{
	struct flow f = flow(family, from, to, proto, 0, 0);

	f.fragment = true;
	f.frag_offset = 185;
	f.payload = 64;
	return f;
}

static void test_later_fragment_is_fragment_unless_a_rule_allows_fragments(void)
{
	struct flow f;
	struct pkt_meta m;

	all_grants(&attested);
	/* alpha-to-beta allows TCP, but not its later fragments. */
	f = later_fragment(4, ALPHA, BETA, IPPROTO_TCP);
	EXPECT_DROP(send_flow(&attested, ALPHA, T0, &f), VG_DROP_FRAGMENT);
	/* beta-udp allows every port, still not later fragments. */
	f = flow(4, BETA, GAMMA, IPPROTO_UDP, 40000, 0);
	m = send_flow(&attested, BETA, T0, &f);
	EXPECT_TX(m, GAMMA);
	CU_ASSERT_EQUAL(m.rule, R_BETA_UDP);
	f = later_fragment(4, BETA, GAMMA, IPPROTO_UDP);
	EXPECT_DROP(send_flow(&attested, BETA, T0, &f), VG_DROP_FRAGMENT);
	f = later_fragment(6, BETA, GAMMA, IPPROTO_UDP);
	EXPECT_DROP(send_flow(&attested, BETA, T0, &f), VG_DROP_FRAGMENT);
	/* udp-to-gamma says fragments = true. */
	f = later_fragment(4, ALPHA, GAMMA, IPPROTO_UDP);
	m = send_flow(&attested, ALPHA, T0, &f);
	EXPECT_TX(m, GAMMA);
	CU_ASSERT_EQUAL(m.rule, R_UDP_TO_GAMMA);
	f = later_fragment(6, ALPHA, GAMMA, IPPROTO_UDP);
	EXPECT_TX(send_flow(&attested, ALPHA, T0, &f), GAMMA);
}

static void test_first_fragment_is_decided_by_its_ports(void)
{
	struct flow f = flow(4, ALPHA, BETA, IPPROTO_TCP, 40000, 80);

	all_grants(&attested);
	f.fragment = true;
	f.more_frags = true;
	EXPECT_TX(send_flow(&attested, ALPHA, T0, &f), BETA);
	f.dport = 22;
	EXPECT_DROP(send_flow(&attested, ALPHA, T0, &f), VG_DROP_ACL_DENY);
}

static void test_later_fragment_is_fragment_even_when_the_default_allows(void)
{
	/* docs/config.md: without a fragments = true rule, non-first fragments
	 * are dropped as 'fragment'. */
	struct flow f = later_fragment(4, ALPHA, BETA, IPPROTO_UDP);

	EXPECT_DROP(send_flow(&lab, ALPHA, T0, &f), VG_DROP_FRAGMENT);
}

/* Neighbours. */

static const struct rte_ether_addr bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };

static void test_arp_request_for_a_guest_is_answered_on_the_in_port(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct rte_ether_addr a = mac(mac_of[ALPHA]), b = mac(mac_of[BETA]), zero = { { 0 } };
	size_t len = frame_arp(buf, &bcast, &a, RTE_ARP_OP_REQUEST, &a,
			       ip4(ipv4_of[ALPHA]), &zero, ip4(ipv4_of[BETA]));
	struct rte_mbuf *pkt;
	struct pkt_meta m;
	const struct rte_ether_hdr *eth;
	const struct rte_arp_hdr *arp;

	no_grants(&attested);       /* resolving needs no grant */
	m = send_frame(&attested, ALPHA, T0, buf, len, &pkt);
	EXPECT_TX(m, ALPHA);
	eth = rte_pktmbuf_mtod(pkt, const struct rte_ether_hdr *);
	arp = (const struct rte_arp_hdr *)(eth + 1);
	CU_ASSERT_TRUE(rte_is_same_ether_addr(&eth->dst_addr, &a));
	CU_ASSERT_TRUE(rte_is_same_ether_addr(&eth->src_addr, &b));
	CU_ASSERT_EQUAL(eth->ether_type, rte_cpu_to_be_16(RTE_ETHER_TYPE_ARP));
	CU_ASSERT_EQUAL(arp->arp_opcode, rte_cpu_to_be_16(RTE_ARP_OP_REPLY));
	CU_ASSERT_TRUE(rte_is_same_ether_addr(&arp->arp_data.arp_sha, &b));
	CU_ASSERT_EQUAL(arp->arp_data.arp_sip, ip4(ipv4_of[BETA]));
	CU_ASSERT_TRUE(rte_is_same_ether_addr(&arp->arp_data.arp_tha, &a));
	CU_ASSERT_EQUAL(arp->arp_data.arp_tip, ip4(ipv4_of[ALPHA]));
	CU_ASSERT_EQUAL(rte_pktmbuf_data_len(pkt), len);
	rte_pktmbuf_free(pkt);
}

static void test_arp_request_for_the_gateway_is_answered_with_its_mac(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct rte_ether_addr c = mac(mac_of[GAMMA]), gw = mac(mac_of[GATEWAY]), zero = { { 0 } };
	size_t len = frame_arp(buf, &bcast, &c, RTE_ARP_OP_REQUEST, &c,
			       ip4(ipv4_of[GAMMA]), &zero, ip4(ipv4_of[GATEWAY]));
	struct rte_mbuf *pkt;
	struct pkt_meta m = send_frame(&attested, GAMMA, T0, buf, len, &pkt);
	const struct rte_arp_hdr *arp =
		rte_pktmbuf_mtod_offset(pkt, const struct rte_arp_hdr *, ETH_LEN);

	EXPECT_TX(m, GAMMA);
	CU_ASSERT_TRUE(rte_is_same_ether_addr(&arp->arp_data.arp_sha, &gw));
	CU_ASSERT_EQUAL(arp->arp_data.arp_sip, ip4(ipv4_of[GATEWAY]));
	rte_pktmbuf_free(pkt);
}

static void test_arp_request_for_an_unknown_ip_is_unanswered(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct rte_ether_addr a = mac(mac_of[ALPHA]), zero = { { 0 } };
	size_t len = frame_arp(buf, &bcast, &a, RTE_ARP_OP_REQUEST, &a,
			       ip4(ipv4_of[ALPHA]), &zero, ip4("10.0.0.99"));

	EXPECT_DROP(send_frame(&attested, ALPHA, T0, buf, len, NULL),
		    VG_DROP_ARP_UNANSWERED);
}

static void test_arp_probe_is_not_answered(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct rte_ether_addr a = mac(mac_of[ALPHA]), zero = { { 0 } };
	size_t len = frame_arp(buf, &bcast, &a, RTE_ARP_OP_REQUEST, &a, 0, &zero,
			       ip4(ipv4_of[BETA]));

	EXPECT_DROP(send_frame(&attested, ALPHA, T0, buf, len, NULL),
		    VG_DROP_ARP_UNANSWERED);
}

static void test_arp_for_the_sender_itself_and_arp_replies_are_unanswered(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct rte_ether_addr a = mac(mac_of[ALPHA]), b = mac(mac_of[BETA]), zero = { { 0 } };
	size_t len;

	/* Gratuitous ARP: asks for its own address. */
	len = frame_arp(buf, &bcast, &a, RTE_ARP_OP_REQUEST, &a, ip4(ipv4_of[ALPHA]),
			&zero, ip4(ipv4_of[ALPHA]));
	EXPECT_DROP(send_frame(&attested, ALPHA, T0, buf, len, NULL),
		    VG_DROP_ARP_UNANSWERED);
	/* A reply is never forwarded to the guest it names. */
	len = frame_arp(buf, &b, &a, RTE_ARP_OP_REPLY, &a, ip4(ipv4_of[ALPHA]),
			&b, ip4(ipv4_of[BETA]));
	EXPECT_DROP(send_frame(&attested, ALPHA, T0, buf, len, NULL),
		    VG_DROP_ARP_UNANSWERED);
}

static void test_neighbour_solicitation_gets_an_advert_on_the_in_port(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct rte_ether_addr a = mac(mac_of[ALPHA]), b = mac(mac_of[BETA]);
	uint8_t src[16], target[16];
	const struct rte_ether_hdr *eth;
	const struct rte_ipv6_hdr *ip;
	const uint8_t *na;
	struct rte_mbuf *pkt;
	struct pkt_meta m;
	size_t len;

	ip6(ipv6_of[ALPHA], src);
	ip6(ipv6_of[BETA], target);
	len = frame_ns(buf, &a, src, target);
	no_grants(&attested);
	m = send_frame(&attested, ALPHA, T0, buf, len, &pkt);
	EXPECT_TX(m, ALPHA);
	CU_ASSERT_EQUAL_FATAL(rte_pktmbuf_data_len(pkt), ETH_LEN + IPV6_LEN + 32);
	CU_ASSERT_EQUAL(rte_pktmbuf_pkt_len(pkt), ETH_LEN + IPV6_LEN + 32);
	eth = rte_pktmbuf_mtod(pkt, const struct rte_ether_hdr *);
	ip = (const struct rte_ipv6_hdr *)(eth + 1);
	na = (const uint8_t *)(ip + 1);
	CU_ASSERT_TRUE(rte_is_same_ether_addr(&eth->dst_addr, &a));
	CU_ASSERT_TRUE(rte_is_same_ether_addr(&eth->src_addr, &b));
	CU_ASSERT_EQUAL(memcmp(ip->src_addr, target, 16), 0);
	CU_ASSERT_EQUAL(memcmp(ip->dst_addr, src, 16), 0);
	CU_ASSERT_EQUAL(ip->proto, IPPROTO_ICMPV6);
	CU_ASSERT_EQUAL(ip->hop_limits, 255);
	CU_ASSERT_EQUAL(rte_be_to_cpu_16(ip->payload_len), 32);
	CU_ASSERT_EQUAL(na[0], 136);                 /* neighbour advertisement */
	CU_ASSERT_EQUAL(na[1], 0);
	CU_ASSERT_EQUAL(na[4] & 0x40, 0x40);         /* solicited */
	CU_ASSERT_EQUAL(na[4] & 0x80, 0);            /* not a router */
	CU_ASSERT_EQUAL(memcmp(na + 8, target, 16), 0);
	CU_ASSERT_EQUAL(na[24], 2);                  /* target link-layer address */
	CU_ASSERT_EQUAL(na[25], 1);
	CU_ASSERT_EQUAL(memcmp(na + 26, b.addr_bytes, RTE_ETHER_ADDR_LEN), 0);
	CU_ASSERT_EQUAL(rte_ipv6_udptcp_cksum_verify(ip, na), 0);
	rte_pktmbuf_free(pkt);
}

static void test_neighbour_solicitation_without_options_grows_into_an_advert(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct rte_ether_addr g = mac(mac_of[GAMMA]), gw = mac(mac_of[GATEWAY]);
	uint8_t src[16], target[16];
	struct rte_ipv6_hdr *ip6h = (struct rte_ipv6_hdr *)(buf + ETH_LEN);
	const struct rte_ipv6_hdr *ip;
	struct rte_mbuf *pkt;
	struct pkt_meta m;

	ip6(ipv6_of[GAMMA], src);
	ip6(ipv6_of[GATEWAY], target);
	frame_ns(buf, &g, src, target);
	/* Drop the 8-byte option: a 24-byte solicitation. */
	ip6h->payload_len = rte_cpu_to_be_16(24);
	((struct rte_icmp_hdr *)(ip6h + 1))->icmp_cksum = 0;
	((struct rte_icmp_hdr *)(ip6h + 1))->icmp_cksum = rte_ipv6_udptcp_cksum(ip6h, ip6h + 1);
	m = send_frame(&attested, GAMMA, T0, buf, ETH_LEN + IPV6_LEN + 24, &pkt);
	EXPECT_TX(m, GAMMA);
	CU_ASSERT_EQUAL_FATAL(rte_pktmbuf_data_len(pkt), ETH_LEN + IPV6_LEN + 32);
	ip = rte_pktmbuf_mtod_offset(pkt, const struct rte_ipv6_hdr *, ETH_LEN);
	CU_ASSERT_EQUAL(memcmp((const uint8_t *)(ip + 1) + 26, gw.addr_bytes, 6), 0);
	CU_ASSERT_EQUAL(rte_ipv6_udptcp_cksum_verify(ip, ip + 1), 0);
	rte_pktmbuf_free(pkt);
}

static void test_neighbour_solicitation_for_an_unknown_target_is_bad_nd(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct rte_ether_addr a = mac(mac_of[ALPHA]);
	uint8_t src[16], target[16];

	ip6(ipv6_of[ALPHA], src);
	ip6("fd00::99", target);
	EXPECT_DROP(send_frame(&attested, ALPHA, T0, buf, frame_ns(buf, &a, src, target), NULL),
		    VG_DROP_BAD_ND);
}

static void test_neighbour_solicitation_that_crossed_a_router_is_bad_nd(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct rte_ether_addr a = mac(mac_of[ALPHA]);
	uint8_t src[16], target[16];
	size_t len;

	ip6(ipv6_of[ALPHA], src);
	ip6(ipv6_of[BETA], target);
	len = frame_ns(buf, &a, src, target);
	((struct rte_ipv6_hdr *)(buf + ETH_LEN))->hop_limits = 254;
	EXPECT_DROP(send_frame(&attested, ALPHA, T0, buf, len, NULL), VG_DROP_BAD_ND);
}

static void test_router_advert_from_a_guest_is_bad_nd(void)
{
	struct flow f = flow(6, ALPHA, BETA, IPPROTO_ICMPV6, 134, 0);

	all_grants(&attested);
	EXPECT_DROP(send_flow(&attested, ALPHA, T0, &f), VG_DROP_BAD_ND);
}

static void test_other_ipv6_to_a_solicited_node_group_is_multicast(void)
{
	struct flow f = flow(6, ALPHA, BETA, IPPROTO_ICMPV6, 128, 0);

	all_grants(&attested);
	f.dst_mac = mac("33:33:ff:00:00:0b");
	EXPECT_DROP(send_flow(&attested, ALPHA, T0, &f), VG_DROP_MULTICAST);
}

/* The punt port. */

static void test_frame_to_the_gateway_goes_to_the_punt_port_without_a_grant(void)
{
	struct flow f = flow(4, ALPHA, GATEWAY, IPPROTO_TCP, 40000, 443);
	struct pkt_meta m;

	no_grants(&attested);
	m = send_flow(&attested, ALPHA, T0, &f);
	EXPECT_TX(m, PUNT_PORT);
	CU_ASSERT_EQUAL(m.dst, VG_GUEST_GATEWAY);
	f = flow(6, BETA, GATEWAY, IPPROTO_TCP, 40000, 443);
	EXPECT_TX(send_flow(&attested, BETA, T0, &f), PUNT_PORT);
}

static void test_frame_from_the_punt_port_goes_to_the_guest(void)
{
	struct flow f = flow(4, GATEWAY, GAMMA, IPPROTO_TCP, 443, 40000);
	struct pkt_meta m;

	no_grants(&attested);
	m = send_flow(&attested, PUNT_PORT, T0, &f);
	EXPECT_TX(m, GAMMA);
	CU_ASSERT_EQUAL(m.src, VG_GUEST_GATEWAY);
	CU_ASSERT_EQUAL(m.dst, GAMMA);
	f = flow(6, GATEWAY, ALPHA, IPPROTO_TCP, 443, 40000);
	EXPECT_TX(send_flow(&attested, PUNT_PORT, T0, &f), ALPHA);
}

static void test_punt_port_must_speak_as_the_gateway(void)
{
	struct flow f = flow(4, BETA, GAMMA, IPPROTO_TCP, 443, 40000);

	no_grants(&attested);
	EXPECT_DROP(send_flow(&attested, PUNT_PORT, T0, &f), VG_DROP_SPOOF_MAC);
	f.src_mac = mac(mac_of[GATEWAY]);
	EXPECT_DROP(send_flow(&attested, PUNT_PORT, T0, &f), VG_DROP_SPOOF_IP);
}

/* A burst. */

static void test_each_frame_of_a_burst_gets_its_own_verdict(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow flows[] = {
		flow(4, ALPHA, BETA, IPPROTO_TCP, 40000, 80),     /* allowed */
		flow(4, ALPHA, BETA, IPPROTO_TCP, 40000, 22),     /* denied */
		flow(4, ALPHA, BETA, IPPROTO_TCP, 40000, 80),     /* truncated below */
		flow(6, ALPHA, GAMMA, IPPROTO_TCP, 40000, 5432),  /* allowed */
		flow(4, ALPHA, GATEWAY, IPPROTO_UDP, 40000, 53),  /* punted */
		flow(4, ALPHA, GAMMA, IPPROTO_TCP, 40000, 80),    /* default deny */
	};
	enum { N = sizeof(flows) / sizeof(flows[0]) };
	struct rte_mbuf *pkts[N];
	struct pkt_meta meta[N];

	all_grants(&attested);
	for (unsigned i = 0; i < N; i++) {
		size_t len = frame_flow(&flows[i], buf);

		pkts[i] = dp_mbuf(buf, i == 2 ? len - 1 : len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(pkts[i]);
	}
	run(&attested, ALPHA, T0, pkts, meta, N);
	EXPECT_TX(meta[0], BETA);
	EXPECT_DROP(meta[1], VG_DROP_ACL_DENY);
	EXPECT_DROP(meta[2], VG_DROP_BAD_IPV4_LENGTH);
	EXPECT_TX(meta[3], GAMMA);
	CU_ASSERT_EQUAL(meta[3].rule, R_WEB_TO_DB);
	EXPECT_TX(meta[4], PUNT_PORT);
	EXPECT_DROP(meta[5], VG_DROP_DEFAULT_DENY);
	for (unsigned i = 0; i < N; i++)
		rte_pktmbuf_free(pkts[i]);
}

/* Runs of one flow share one classification: each frame still gets the
 * verdict of its own key and counts once for its rule. */
static void test_runs_of_one_flow_in_a_burst_are_decided_and_counted_per_frame(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow allowed = flow(4, ALPHA, BETA, IPPROTO_TCP, 40000, 80);
	struct flow denied = flow(4, ALPHA, BETA, IPPROTO_TCP, 40000, 22);
	const struct flow *order[] = { &allowed, &allowed, &allowed, &denied, &denied,
				       &allowed, &denied, &allowed };
	enum { N = sizeof(order) / sizeof(order[0]) };
	uint64_t allow_before = counter_read(&attested.pol->rule_hits[R_ALPHA_TO_BETA - 1]);
	uint64_t deny_before = counter_read(&attested.pol->rule_hits[R_NO_SSH - 1]);
	struct rte_mbuf *pkts[N];
	struct pkt_meta meta[N];

	all_grants(&attested);
	/* No session yet: every frame of the burst meets the rules. */
	CU_ASSERT_EQUAL_FATAL(dp_world_sessions(&attested, NULL), 0);
	for (unsigned i = 0; i < N; i++) {
		pkts[i] = dp_mbuf(buf, frame_flow(order[i], buf));
		CU_ASSERT_PTR_NOT_NULL_FATAL(pkts[i]);
	}
	run(&attested, ALPHA, T0, pkts, meta, N);
	for (unsigned i = 0; i < N; i++) {
		if (order[i] == &denied) {
			EXPECT_DROP(meta[i], VG_DROP_ACL_DENY);
			CU_ASSERT_EQUAL(meta[i].rule, R_NO_SSH);
		} else {
			EXPECT_TX(meta[i], BETA);
			CU_ASSERT_EQUAL(meta[i].rule, R_ALPHA_TO_BETA);
		}
		rte_pktmbuf_free(pkts[i]);
	}
	CU_ASSERT_EQUAL(counter_read(&attested.pol->rule_hits[R_ALPHA_TO_BETA - 1]),
			allow_before + 5);
	CU_ASSERT_EQUAL(counter_read(&attested.pol->rule_hits[R_NO_SSH - 1]), deny_before + 3);
}

static void test_chained_mbuf_is_oversize(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow(4, ALPHA, BETA, IPPROTO_TCP, 40000, 80);
	size_t len = frame_flow(&f, buf);
	struct rte_mbuf *head = dp_mbuf(buf, 40), *tail = dp_mbuf(buf + 40, len - 40);
	struct pkt_meta m;

	all_grants(&attested);
	CU_ASSERT_PTR_NOT_NULL_FATAL(head);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tail);
	CU_ASSERT_EQUAL_FATAL(rte_pktmbuf_chain(head, tail), 0);
	run(&attested, ALPHA, T0, &head, &m, 1);
	EXPECT_DROP(m, VG_DROP_OVERSIZE);
	rte_pktmbuf_free(head);
}

static const struct vg_test tests[] = {
	VG_TEST(test_spoofed_source_mac_is_spoof_mac),
	VG_TEST(test_spoofed_source_ipv4_is_spoof_ip),
	VG_TEST(test_spoofed_source_ipv6_is_spoof_ip),
	VG_TEST(test_ipv6_from_the_unspecified_address_is_bad_nd),
	VG_TEST(test_arp_with_a_spoofed_sender_mac_is_spoof_mac),
	VG_TEST(test_arp_with_a_spoofed_sender_ip_is_spoof_ip),
	VG_TEST(test_ipv6_destination_is_found_where_ports_put_it),
	VG_TEST(test_unknown_destination_ip_is_unknown_dst),
	VG_TEST(test_destination_mac_of_another_guest_is_dst_mismatch),
	VG_TEST(test_frame_to_the_sender_itself_is_hairpin),
	VG_TEST(test_without_a_grant_attested_guests_cannot_talk),
	VG_TEST(test_grant_lets_the_pair_through_to_the_destination_port),
	VG_TEST(test_grant_expiry_cuts_the_pair_off),
	VG_TEST(test_revoked_grant_cuts_the_pair_off),
	VG_TEST(test_without_attestation_no_grant_is_needed),
	VG_TEST(test_allowed_service_goes_to_the_destination_port_and_counts),
	VG_TEST(test_deny_rule_drops_with_the_rule_set),
	VG_TEST(test_nothing_matching_is_default_deny),
	VG_TEST(test_default_allow_passes_what_no_rule_matches),
	VG_TEST(test_first_match_wins_over_a_later_allow),
	VG_TEST(test_group_rule_matches_members_and_not_others),
	VG_TEST(test_stateful_tcp_reply_without_a_session_meets_the_rules),
	VG_TEST(test_stateful_icmp_echo_reply_passes_back_but_no_unsolicited_request),
	VG_TEST(test_stateful_icmpv6_echo_reply_passes_back_but_no_unsolicited_request),
	VG_TEST(test_rebuilt_policy_carries_hits_by_rule_name_and_decides_anew),
	VG_TEST(test_later_fragment_is_fragment_unless_a_rule_allows_fragments),
	VG_TEST(test_first_fragment_is_decided_by_its_ports),
	VG_TEST(test_later_fragment_is_fragment_even_when_the_default_allows),
	VG_TEST(test_arp_request_for_a_guest_is_answered_on_the_in_port),
	VG_TEST(test_arp_request_for_the_gateway_is_answered_with_its_mac),
	VG_TEST(test_arp_request_for_an_unknown_ip_is_unanswered),
	VG_TEST(test_arp_probe_is_not_answered),
	VG_TEST(test_arp_for_the_sender_itself_and_arp_replies_are_unanswered),
	VG_TEST(test_neighbour_solicitation_gets_an_advert_on_the_in_port),
	VG_TEST(test_neighbour_solicitation_without_options_grows_into_an_advert),
	VG_TEST(test_neighbour_solicitation_for_an_unknown_target_is_bad_nd),
	VG_TEST(test_neighbour_solicitation_that_crossed_a_router_is_bad_nd),
	VG_TEST(test_router_advert_from_a_guest_is_bad_nd),
	VG_TEST(test_other_ipv6_to_a_solicited_node_group_is_multicast),
	VG_TEST(test_frame_to_the_gateway_goes_to_the_punt_port_without_a_grant),
	VG_TEST(test_frame_from_the_punt_port_goes_to_the_guest),
	VG_TEST(test_punt_port_must_speak_as_the_gateway),
	VG_TEST(test_each_frame_of_a_burst_gets_its_own_verdict),
	VG_TEST(test_runs_of_one_flow_in_a_burst_are_decided_and_counted_per_frame),
	VG_TEST(test_chained_mbuf_is_oversize),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = {
		{ "dataplane-pipeline", setup, teardown, tests }, { NULL },
	};

	return vg_test_main(suites);
}
