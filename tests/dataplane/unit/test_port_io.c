/* SPDX-License-Identifier: BSD-3-Clause */
/* port_io_complete_l4_csum: a guest that offloads its TCP or UDP checksum
 * hands over the pseudo-header's sum only; what leaves the gateway must
 * carry the checksum the receiver verifies. */
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>

#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "cunit_runner.h"
#include "dp_fixture.h"
#include "frame_build.h"
#include "port_io.h"

#define L4_OFF4 (ETH_LEN + IPV4_LEN)
#define L4_OFF6 (ETH_LEN + IPV6_LEN)

static struct flow flow(int family, uint8_t proto, uint16_t payload)
{
	struct flow f = {
		.src_mac = mac("52:54:00:00:00:0a"),
		.dst_mac = mac("52:54:00:00:00:0b"),
		.family = family,
		.proto = proto,
		.sport = 40000,
		.dport = 80,
		.tcp_flags = RTE_TCP_ACK_FLAG,
		.payload = payload,
	};

	if (family == 4) {
		uint32_t s = ip4("10.0.0.10"), d = ip4("10.0.0.11");

		memcpy(f.src_ip, &s, 4);
		memcpy(f.dst_ip, &d, 4);
	} else {
		ip6("fd00::a", f.src_ip);
		ip6("fd00::b", f.dst_ip);
	}
	return f;
}

/* Where the frame's L4 checksum field is, and its value (network order). */
static size_t csum_off(int family, uint8_t proto)
{
	return (family == 4 ? L4_OFF4 : L4_OFF6) +
	       (proto == IPPROTO_TCP ? offsetof(struct rte_tcp_hdr, cksum)
				     : offsetof(struct rte_udp_hdr, dgram_cksum));
}

static uint16_t get16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
}

/* The frame as an offloading guest sends it: the checksum field holds the
 * pseudo-header's sum, the vhost library marks it RX_L4_CKSUM_NONE. Runs
 * the completion and checks the field against the builder's checksum and
 * the receiver's verification. */
static void check_completed(int family, uint8_t proto, uint16_t payload)
{
	uint8_t frame[FRAME_BUF];
	struct flow f = flow(family, proto, payload);
	size_t len = frame_flow(&f, frame);
	size_t off = csum_off(family, proto);
	uint16_t want = get16(frame + off);
	const void *l3 = frame + ETH_LEN;
	struct rte_mbuf *m;
	uint8_t *out;

	put16(frame + off, family == 4 ? rte_ipv4_phdr_cksum(l3, 0)
				       : rte_ipv6_phdr_cksum(l3, 0));
	CU_ASSERT_NOT_EQUAL(get16(frame + off), want);
	m = dp_mbuf(frame, len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	m->ol_flags |= RTE_MBUF_F_RX_L4_CKSUM_NONE;

	port_io_complete_l4_csum(m);

	out = rte_pktmbuf_mtod(m, uint8_t *);
	CU_ASSERT_EQUAL(get16(out + off), want);
	CU_ASSERT_EQUAL(family == 4
		? rte_ipv4_udptcp_cksum_verify((const void *)(out + ETH_LEN), out + L4_OFF4)
		: rte_ipv6_udptcp_cksum_verify((const void *)(out + ETH_LEN), out + L4_OFF6), 0);
	CU_ASSERT_EQUAL(m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK,
			RTE_MBUF_F_RX_L4_CKSUM_GOOD);
	/* Nothing but the field changed. */
	put16(frame + off, want);
	CU_ASSERT_EQUAL(memcmp(out, frame, len), 0);
	rte_pktmbuf_free(m);
}

static void test_ipv4_tcp_checksum_is_completed(void)
{
	check_completed(4, IPPROTO_TCP, 100);
}

static void test_ipv4_udp_checksum_is_completed(void)
{
	check_completed(4, IPPROTO_UDP, 17);
}

static void test_ipv6_tcp_checksum_is_completed(void)
{
	check_completed(6, IPPROTO_TCP, 1);
}

static void test_ipv6_udp_checksum_is_completed_on_a_full_frame(void)
{
	check_completed(6, IPPROTO_UDP, 1500 - IPV6_LEN - 8);
}

/* ICMP carries no pseudo-header: nothing to complete, the frame stays. */
static void test_other_protocols_are_left_as_they_came(void)
{
	uint8_t frame[FRAME_BUF];
	struct flow f = flow(4, IPPROTO_ICMP, 8);
	size_t len;
	struct rte_mbuf *m;

	f.sport = 8;
	f.dport = 0;
	len = frame_flow(&f, frame);
	m = dp_mbuf(frame, len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	m->ol_flags |= RTE_MBUF_F_RX_L4_CKSUM_NONE;
	port_io_complete_l4_csum(m);
	CU_ASSERT_EQUAL(memcmp(rte_pktmbuf_mtod(m, uint8_t *), frame, len), 0);
	rte_pktmbuf_free(m);
}

/* A frame cut inside its UDP header: no field to write, nothing written
 * beyond the frame. */
static void test_a_frame_too_short_for_the_field_is_left_alone(void)
{
	uint8_t frame[FRAME_BUF];
	struct flow f = flow(4, IPPROTO_UDP, 0);
	size_t len = frame_flow(&f, frame);
	struct rte_mbuf *m = dp_mbuf(frame, L4_OFF4 + 4);

	(void)len;
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	m->ol_flags |= RTE_MBUF_F_RX_L4_CKSUM_NONE;
	port_io_complete_l4_csum(m);
	CU_ASSERT_EQUAL(memcmp(rte_pktmbuf_mtod(m, uint8_t *), frame, L4_OFF4 + 4), 0);
	CU_ASSERT_EQUAL(m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK,
			RTE_MBUF_F_RX_L4_CKSUM_NONE);
	rte_pktmbuf_free(m);
}

static const struct vg_test tests[] = {
	VG_TEST(test_ipv4_tcp_checksum_is_completed),
	VG_TEST(test_ipv4_udp_checksum_is_completed),
	VG_TEST(test_ipv6_tcp_checksum_is_completed),
	VG_TEST(test_ipv6_udp_checksum_is_completed_on_a_full_frame),
	VG_TEST(test_other_protocols_are_left_as_they_came),
	VG_TEST(test_a_frame_too_short_for_the_field_is_left_alone),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = {
		{ "dataplane-port-io", dp_eal_start, dp_eal_stop, tests }, { NULL },
	};

	return vg_test_main(suites);
}
