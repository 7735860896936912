/* SPDX-License-Identifier: BSD-3-Clause */
/* parse_frame: what it learns from well-formed frames, and the exact drop
 * reason for every way a guest can get a frame wrong. */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <rte_arp.h>
#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "cunit_runner.h"
#include "frame_build.h"
#include "node_parse.h"

#define IPV4_L4_OFF (ETH_LEN + IPV4_LEN)
#define IPV6_L4_OFF (ETH_LEN + IPV6_LEN)

static struct flow flow4(uint8_t proto)
{
	struct flow f = {
		.src_mac = mac("52:54:00:00:00:0a"),
		.dst_mac = mac("52:54:00:00:00:0b"),
		.family = 4,
		.proto = proto,
		.sport = 40000,
		.dport = 80,
		.tcp_flags = RTE_TCP_SYN_FLAG,
	};
	uint32_t s = ip4("10.0.0.10"), d = ip4("10.0.0.11");

	memcpy(f.src_ip, &s, 4);
	memcpy(f.dst_ip, &d, 4);
	return f;
}

static struct flow flow6(uint8_t proto)
{
	struct flow f = flow4(proto);

	f.family = 6;
	ip6("fd00::a", f.src_ip);
	ip6("fd00::b", f.dst_ip);
	return f;
}

static struct rte_ipv4_hdr *ipv4_of(uint8_t *buf)
{
	return (struct rte_ipv4_hdr *)(buf + ETH_LEN);
}

static struct rte_ipv6_hdr *ipv6_of(uint8_t *buf)
{
	return (struct rte_ipv6_hdr *)(buf + ETH_LEN);
}

static struct pkt_meta parse(const uint8_t *buf, size_t len)
{
	struct pkt_meta m;

	memset(&m, 0x5a, sizeof(m));     /* parse must set every field it reports */
	parse_frame(buf, (uint32_t)len, &m);
	return m;
}

static void expect_drop(const uint8_t *buf, size_t len, enum vg_drop_reason r)
{
	struct pkt_meta m = parse(buf, len);

	CU_ASSERT_EQUAL(m.verdict, VERDICT_DROP);
	CU_ASSERT_EQUAL(m.reason, r);
	if (m.verdict != VERDICT_DROP || m.reason != r)
		fprintf(stderr, "\n  expected drop '%s', got verdict %u reason '%s'",
			vg_drop_name(r), m.verdict,
			m.verdict == VERDICT_DROP ? vg_drop_name(m.reason) : "-");
}

/* Well-formed frames. */

static void test_ipv4_tcp_gives_ports_flags_and_offsets(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_TCP);
	struct pkt_meta m;

	f.tcp_flags = RTE_TCP_SYN_FLAG | RTE_TCP_ACK_FLAG;
	f.payload = 10;
	m = parse(buf, frame_flow(&f, buf));
	CU_ASSERT_EQUAL(m.verdict, VERDICT_CONTINUE);
	CU_ASSERT_EQUAL(m.kind, PKT_IPV4);
	CU_ASSERT_EQUAL(m.l4_proto, IPPROTO_TCP);
	CU_ASSERT_EQUAL(m.l3_off, ETH_LEN);
	CU_ASSERT_EQUAL(m.l4_off, IPV4_L4_OFF);
	CU_ASSERT_EQUAL(m.sport, 40000);
	CU_ASSERT_EQUAL(m.dport, 80);
	CU_ASSERT_EQUAL(m.tcp_flags, VG_TCP_SYN | VG_TCP_ACK);
	CU_ASSERT_EQUAL(m.frag, FRAG_NONE);
	CU_ASSERT_EQUAL(m.src, VG_GUEST_NONE);
	CU_ASSERT_EQUAL(m.dst, VG_GUEST_NONE);
	CU_ASSERT_EQUAL(m.rule, 0);
}

static void test_ipv6_udp_gives_ports_and_offsets(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow6(IPPROTO_UDP);
	struct pkt_meta m;

	f.sport = 5353;
	f.dport = 53;
	f.payload = 12;
	m = parse(buf, frame_flow(&f, buf));
	CU_ASSERT_EQUAL(m.verdict, VERDICT_CONTINUE);
	CU_ASSERT_EQUAL(m.kind, PKT_IPV6);
	CU_ASSERT_EQUAL(m.l4_proto, IPPROTO_UDP);
	CU_ASSERT_EQUAL(m.l3_off, ETH_LEN);
	CU_ASSERT_EQUAL(m.l4_off, IPV6_L4_OFF);
	CU_ASSERT_EQUAL(m.sport, 5353);
	CU_ASSERT_EQUAL(m.dport, 53);
	CU_ASSERT_EQUAL(m.frag, FRAG_NONE);
}

static void test_icmp_type_and_code_land_in_the_ports(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_ICMP);
	struct pkt_meta m;

	f.sport = 3;     /* destination unreachable */
	f.dport = 1;     /* host unreachable */
	m = parse(buf, frame_flow(&f, buf));
	CU_ASSERT_EQUAL(m.verdict, VERDICT_CONTINUE);
	CU_ASSERT_EQUAL(m.l4_proto, IPPROTO_ICMP);
	CU_ASSERT_EQUAL(m.l4_off, IPV4_L4_OFF);
	CU_ASSERT_EQUAL(m.sport, 3);
	CU_ASSERT_EQUAL(m.dport, 1);
}

static void test_icmpv6_type_and_code_land_in_the_ports(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow6(IPPROTO_ICMPV6);
	struct pkt_meta m;

	f.sport = 128;   /* echo request */
	f.dport = 0;
	m = parse(buf, frame_flow(&f, buf));
	CU_ASSERT_EQUAL(m.verdict, VERDICT_CONTINUE);
	CU_ASSERT_EQUAL(m.l4_proto, IPPROTO_ICMPV6);
	CU_ASSERT_EQUAL(m.sport, 128);
	CU_ASSERT_EQUAL(m.dport, 0);
}

static void test_broadcast_arp_request_parses_as_arp(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct rte_ether_addr a = mac("52:54:00:00:00:0a"), zero = { { 0 } };
	struct rte_ether_addr bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
	size_t len = frame_arp(buf, &bcast, &a, RTE_ARP_OP_REQUEST, &a,
			       ip4("10.0.0.10"), &zero, ip4("10.0.0.11"));
	struct pkt_meta m = parse(buf, len);

	CU_ASSERT_EQUAL(m.verdict, VERDICT_CONTINUE);
	CU_ASSERT_EQUAL(m.kind, PKT_ARP);
	CU_ASSERT_EQUAL(m.l3_off, ETH_LEN);
	CU_ASSERT_EQUAL(m.l4_proto, 0);
	CU_ASSERT_EQUAL(m.l4_off, 0);
}

static void test_neighbour_solicitation_to_its_group_is_not_multicast_dropped(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct rte_ether_addr a = mac("52:54:00:00:00:0a");
	uint8_t src[16], target[16];
	struct pkt_meta m;

	ip6("fd00::a", src);
	ip6("fd00::b", target);
	m = parse(buf, frame_ns(buf, &a, src, target));
	CU_ASSERT_EQUAL(m.verdict, VERDICT_CONTINUE);
	CU_ASSERT_EQUAL(m.kind, PKT_IPV6);
	CU_ASSERT_EQUAL(m.l4_proto, IPPROTO_ICMPV6);
	CU_ASSERT_EQUAL(m.sport, 135);
}

static void test_ethernet_padding_after_a_short_packet_is_accepted(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_UDP);
	size_t len = frame_flow(&f, buf);    /* 42 bytes: padded to 60 on the wire */
	struct pkt_meta m;

	CU_ASSERT_EQUAL_FATAL(len, 42);
	m = parse(buf, 60);
	CU_ASSERT_EQUAL(m.verdict, VERDICT_CONTINUE);
	CU_ASSERT_EQUAL(m.dport, 80);
}

static void test_frame_of_exactly_1514_bytes_is_accepted(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_UDP);

	f.payload = 1514 - ETH_LEN - IPV4_LEN - 8;
	CU_ASSERT_EQUAL_FATAL(frame_flow(&f, buf), 1514);
	CU_ASSERT_EQUAL(parse(buf, 1514).verdict, VERDICT_CONTINUE);
}

/* Ethernet. */

static void test_frame_shorter_than_ethernet_is_truncated_eth(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_TCP);

	frame_flow(&f, buf);
	expect_drop(buf, ETH_LEN - 1, VG_DROP_TRUNCATED_ETH);
}

static void test_frame_over_1514_bytes_is_oversize(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_UDP);

	f.payload = 1515 - ETH_LEN - IPV4_LEN - 8;
	CU_ASSERT_EQUAL_FATAL(frame_flow(&f, buf), 1515);
	expect_drop(buf, 1515, VG_DROP_OVERSIZE);
}

static void test_vlan_tagged_frame_is_vlan(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_TCP);
	size_t len = frame_flow(&f, buf);

	buf[12] = 0x81;
	buf[13] = 0x00;
	expect_drop(buf, len, VG_DROP_VLAN);
	buf[12] = 0x88;          /* QinQ outer tag */
	buf[13] = 0xa8;
	expect_drop(buf, len, VG_DROP_VLAN);
}

static void test_unknown_ethertype_is_ethertype(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_TCP);
	size_t len = frame_flow(&f, buf);

	buf[12] = 0x88;          /* LLDP */
	buf[13] = 0xcc;
	expect_drop(buf, len, VG_DROP_ETHERTYPE);
}

static void test_broadcast_ipv4_is_multicast(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_UDP);

	f.dst_mac = (struct rte_ether_addr){ { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
	expect_drop(buf, frame_flow(&f, buf), VG_DROP_MULTICAST);
}

static void test_multicast_ipv4_is_multicast(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_UDP);

	f.dst_mac = mac("01:00:5e:00:00:fb");
	expect_drop(buf, frame_flow(&f, buf), VG_DROP_MULTICAST);
}

static void test_ipv6_to_all_nodes_is_multicast(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow6(IPPROTO_ICMPV6);

	f.sport = 128;
	f.dst_mac = mac("33:33:00:00:00:01");
	expect_drop(buf, frame_flow(&f, buf), VG_DROP_MULTICAST);
}

/* ARP. */

static size_t arp_request(uint8_t *buf)
{
	struct rte_ether_addr a = mac("52:54:00:00:00:0a"), zero = { { 0 } };
	struct rte_ether_addr bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };

	return frame_arp(buf, &bcast, &a, RTE_ARP_OP_REQUEST, &a, ip4("10.0.0.10"),
			 &zero, ip4("10.0.0.11"));
}

static void test_arp_with_hardware_length_5_is_bad_arp(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	size_t len = arp_request(buf);

	((struct rte_arp_hdr *)(buf + ETH_LEN))->arp_hlen = 5;
	expect_drop(buf, len, VG_DROP_BAD_ARP);
}

static void test_arp_with_unknown_opcode_is_bad_arp(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	size_t len = arp_request(buf);

	((struct rte_arp_hdr *)(buf + ETH_LEN))->arp_opcode =
		rte_cpu_to_be_16(RTE_ARP_OP_REVREQUEST);
	expect_drop(buf, len, VG_DROP_BAD_ARP);
}

static void test_truncated_arp_is_bad_arp(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	size_t len = arp_request(buf);

	expect_drop(buf, len - 1, VG_DROP_BAD_ARP);
}

/* IPv4. */

static void test_truncated_ipv4_header_is_truncated_ipv4(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_TCP);

	frame_flow(&f, buf);
	expect_drop(buf, ETH_LEN + IPV4_LEN - 1, VG_DROP_TRUNCATED_IPV4);
}

static void test_ipv4_header_length_below_5_is_bad_header(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_TCP);
	size_t len = frame_flow(&f, buf);

	ipv4_of(buf)->version_ihl = 0x44;
	frame_ipv4_cksum(buf);
	expect_drop(buf, len, VG_DROP_BAD_IPV4_HEADER);
}

static void test_ipv4_version_other_than_4_is_bad_header(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_TCP);
	size_t len = frame_flow(&f, buf);

	ipv4_of(buf)->version_ihl = 0x65;
	frame_ipv4_cksum(buf);
	expect_drop(buf, len, VG_DROP_BAD_IPV4_HEADER);
}

static void test_ipv4_options_are_ipv4_options(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_UDP);
	size_t len = frame_flow(&f, buf);
	struct rte_ipv4_hdr *ip = ipv4_of(buf);

	/* Insert a router alert option (RFC 2113): IHL 6, checksum over all
	 * 24 bytes of header as a sender computes it. */
	memmove(buf + IPV4_L4_OFF + 4, buf + IPV4_L4_OFF, len - IPV4_L4_OFF);
	memcpy(buf + IPV4_L4_OFF, "\x94\x04\x00\x00", 4);
	len += 4;
	ip->version_ihl = 0x46;
	ip->total_length = rte_cpu_to_be_16((uint16_t)(len - ETH_LEN));
	frame_ipv4_cksum(buf);
	CU_ASSERT_EQUAL_FATAL(rte_raw_cksum(ip, 24), 0xffff);
	expect_drop(buf, len, VG_DROP_IPV4_OPTIONS);
}

static void test_ipv4_bad_checksum_is_bad_header(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_TCP);
	size_t len = frame_flow(&f, buf);

	ipv4_of(buf)->hdr_checksum ^= rte_cpu_to_be_16(0x0100);
	expect_drop(buf, len, VG_DROP_BAD_IPV4_HEADER);
}

/* Any one bit of the addresses, TTL, protocol, identification or the
 * checksum itself changed: the sum no longer holds. Sums that carry
 * (0xff bytes) come out right too: the frame with them still passes. */
static void test_every_bit_flip_of_the_ipv4_checksummed_fields_is_bad_header(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_UDP);
	size_t len;
	uint32_t s = ip4("255.255.254.10"), d = ip4("10.255.255.255");

	memcpy(f.src_ip, &s, 4);
	memcpy(f.dst_ip, &d, 4);
	len = frame_flow(&f, buf);
	CU_ASSERT_EQUAL(parse(buf, len).verdict, VERDICT_CONTINUE);
	for (size_t byte = 4; byte < IPV4_LEN; byte++) {
		for (unsigned bit = 0; bit < 8; bit++) {
			buf[ETH_LEN + byte] ^= (uint8_t)(1u << bit);
			expect_drop(buf, len, VG_DROP_BAD_IPV4_HEADER);
			buf[ETH_LEN + byte] ^= (uint8_t)(1u << bit);
		}
	}
}

static void test_ipv4_total_length_beyond_the_frame_is_bad_length(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_TCP);
	size_t len = frame_flow(&f, buf);

	ipv4_of(buf)->total_length = rte_cpu_to_be_16((uint16_t)(len - ETH_LEN + 1));
	frame_ipv4_cksum(buf);
	expect_drop(buf, len, VG_DROP_BAD_IPV4_LENGTH);
}

static void test_ipv4_total_length_below_the_header_is_bad_length(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_TCP);
	size_t len = frame_flow(&f, buf);

	ipv4_of(buf)->total_length = rte_cpu_to_be_16(IPV4_LEN - 1);
	frame_ipv4_cksum(buf);
	expect_drop(buf, len, VG_DROP_BAD_IPV4_LENGTH);
}

static void test_ipv4_later_fragment_continues_without_l4(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_UDP);
	struct pkt_meta m;

	f.fragment = true;
	f.frag_offset = 185;     /* 1480 bytes in */
	f.payload = 16;
	m = parse(buf, frame_flow(&f, buf));
	CU_ASSERT_EQUAL(m.verdict, VERDICT_CONTINUE);
	CU_ASSERT_EQUAL(m.kind, PKT_IPV4);
	CU_ASSERT_EQUAL(m.frag, FRAG_LATER);
	CU_ASSERT_EQUAL(m.l4_proto, IPPROTO_UDP);
	CU_ASSERT_EQUAL(m.l4_off, 0);
	CU_ASSERT_EQUAL(m.sport, 0);
	CU_ASSERT_EQUAL(m.dport, 0);
}

static void test_ipv4_first_fragment_has_ports(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_UDP);
	size_t len;
	struct pkt_meta m;

	f.fragment = true;
	f.more_frags = true;
	f.payload = 16;
	len = frame_flow(&f, buf);
	/* The UDP length covers the whole datagram, beyond this fragment. */
	((struct rte_udp_hdr *)(buf + IPV4_L4_OFF))->dgram_len = rte_cpu_to_be_16(3000);
	m = parse(buf, len);
	CU_ASSERT_EQUAL(m.verdict, VERDICT_CONTINUE);
	CU_ASSERT_EQUAL(m.frag, FRAG_FIRST);
	CU_ASSERT_EQUAL(m.l4_off, IPV4_L4_OFF);
	CU_ASSERT_EQUAL(m.sport, 40000);
	CU_ASSERT_EQUAL(m.dport, 80);
}

/* IPv6. */

static void test_truncated_ipv6_header_is_truncated_ipv6(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow6(IPPROTO_TCP);

	frame_flow(&f, buf);
	expect_drop(buf, ETH_LEN + IPV6_LEN - 1, VG_DROP_TRUNCATED_IPV6);
}

static void test_ipv6_version_other_than_6_is_bad_header(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow6(IPPROTO_TCP);
	size_t len = frame_flow(&f, buf);

	ipv6_of(buf)->vtc_flow = rte_cpu_to_be_32(4u << 28);
	expect_drop(buf, len, VG_DROP_BAD_IPV6_HEADER);
}

static void test_ipv6_payload_length_beyond_the_frame_is_bad_length(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow6(IPPROTO_UDP);
	size_t len = frame_flow(&f, buf);

	ipv6_of(buf)->payload_len = rte_cpu_to_be_16((uint16_t)(len - IPV6_L4_OFF + 1));
	expect_drop(buf, len, VG_DROP_BAD_IPV6_LENGTH);
}

static void test_ipv6_hop_by_hop_header_is_extension(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow6(IPPROTO_UDP);

	f.hop_by_hop = true;
	expect_drop(buf, frame_flow(&f, buf), VG_DROP_IPV6_EXTENSION);
}

static void test_ipv6_routing_header_is_extension(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow6(IPPROTO_UDP);
	size_t len;

	f.hop_by_hop = true;     /* an 8-byte header; renamed routing below */
	len = frame_flow(&f, buf);
	ipv6_of(buf)->proto = 43;
	expect_drop(buf, len, VG_DROP_IPV6_EXTENSION);
}

static void test_ipv6_later_fragment_continues_without_l4(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow6(IPPROTO_UDP);
	struct pkt_meta m;

	f.fragment = true;
	f.frag_offset = 181;
	f.payload = 16;
	m = parse(buf, frame_flow(&f, buf));
	CU_ASSERT_EQUAL(m.verdict, VERDICT_CONTINUE);
	CU_ASSERT_EQUAL(m.kind, PKT_IPV6);
	CU_ASSERT_EQUAL(m.frag, FRAG_LATER);
	CU_ASSERT_EQUAL(m.l4_proto, IPPROTO_UDP);
	CU_ASSERT_EQUAL(m.l4_off, 0);
	CU_ASSERT_EQUAL(m.sport, 0);
	CU_ASSERT_EQUAL(m.dport, 0);
}

static void test_ipv6_first_fragment_has_ports_after_the_fragment_header(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow6(IPPROTO_TCP);
	struct pkt_meta m;

	f.fragment = true;
	f.more_frags = true;
	f.payload = 16;
	m = parse(buf, frame_flow(&f, buf));
	CU_ASSERT_EQUAL(m.verdict, VERDICT_CONTINUE);
	CU_ASSERT_EQUAL(m.frag, FRAG_FIRST);
	CU_ASSERT_EQUAL(m.l4_proto, IPPROTO_TCP);
	CU_ASSERT_EQUAL(m.l4_off, IPV6_L4_OFF + 8);
	CU_ASSERT_EQUAL(m.sport, 40000);
	CU_ASSERT_EQUAL(m.dport, 80);
}

static void test_ipv6_fragment_header_cut_short_is_truncated_ipv6(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow6(IPPROTO_UDP);

	f.fragment = true;
	f.more_frags = true;
	frame_flow(&f, buf);
	ipv6_of(buf)->payload_len = rte_cpu_to_be_16(4);
	expect_drop(buf, IPV6_L4_OFF + 4, VG_DROP_TRUNCATED_IPV6);
}

/* TCP, UDP, ICMP. */

/* Cuts an IPv4 frame to l4_len bytes of L4, keeping the lengths true. */
static size_t cut_ipv4_l4(uint8_t *buf, size_t l4_len)
{
	ipv4_of(buf)->total_length = rte_cpu_to_be_16((uint16_t)(IPV4_LEN + l4_len));
	frame_ipv4_cksum(buf);
	return IPV4_L4_OFF + l4_len;
}

static void test_truncated_tcp_header_is_truncated_l4(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_TCP);

	frame_flow(&f, buf);
	expect_drop(buf, cut_ipv4_l4(buf, 19), VG_DROP_TRUNCATED_L4);
}

static void test_tcp_data_offset_below_5_is_bad_l4_header(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_TCP);
	size_t len = frame_flow(&f, buf);

	((struct rte_tcp_hdr *)(buf + IPV4_L4_OFF))->data_off = 4 << 4;
	expect_drop(buf, len, VG_DROP_BAD_L4_HEADER);
}

static void test_tcp_data_offset_beyond_the_segment_is_bad_l4_header(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_TCP);
	size_t len;

	f.payload = 20;          /* 40 bytes of segment; the header claims 44 */
	len = frame_flow(&f, buf);
	((struct rte_tcp_hdr *)(buf + IPV4_L4_OFF))->data_off = 11 << 4;
	expect_drop(buf, len, VG_DROP_BAD_L4_HEADER);
}

static void test_udp_length_below_8_is_bad_l4_header(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_UDP);
	size_t len = frame_flow(&f, buf);

	((struct rte_udp_hdr *)(buf + IPV4_L4_OFF))->dgram_len = rte_cpu_to_be_16(7);
	expect_drop(buf, len, VG_DROP_BAD_L4_HEADER);
}

static void test_udp_length_beyond_the_datagram_is_bad_l4_header(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow6(IPPROTO_UDP);
	size_t len;

	f.payload = 8;
	len = frame_flow(&f, buf);
	((struct rte_udp_hdr *)(buf + IPV6_L4_OFF))->dgram_len = rte_cpu_to_be_16(17);
	expect_drop(buf, len, VG_DROP_BAD_L4_HEADER);
}

static void test_truncated_udp_header_is_truncated_l4(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_UDP);

	frame_flow(&f, buf);
	expect_drop(buf, cut_ipv4_l4(buf, 7), VG_DROP_TRUNCATED_L4);
}

static void test_truncated_icmp_header_is_truncated_l4(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_ICMP);

	f.sport = 8;
	frame_flow(&f, buf);
	expect_drop(buf, cut_ipv4_l4(buf, 3), VG_DROP_TRUNCATED_L4);
}

/* Truncation: every prefix of a valid frame. Each is copied into a heap
 * block of exactly its length, so AddressSanitizer reports any read past
 * the end. */

static bool is_truncation_reason(const struct pkt_meta *m)
{
	switch (m->reason) {
	case VG_DROP_TRUNCATED_ETH: case VG_DROP_TRUNCATED_IPV4:
	case VG_DROP_TRUNCATED_IPV6: case VG_DROP_TRUNCATED_L4:
	case VG_DROP_BAD_IPV4_LENGTH: case VG_DROP_BAD_IPV6_LENGTH:
	case VG_DROP_BAD_L4_HEADER: case VG_DROP_BAD_ARP:
		return true;
	default:
		return false;
	}
}

/* Parses every prefix of frame; with fix_length, IP length fields are
 * first cut to match, so the L4 checks see the short header. */
static void check_every_prefix(const uint8_t *frame, size_t full, bool fix_length)
{
	for (size_t len = 0; len <= full; len++) {
		uint8_t *copy = malloc(len ? len : 1);
		struct pkt_meta m;

		CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
		memcpy(copy, frame, len);
		if (fix_length && len >= ETH_LEN + IPV6_LEN &&
		    copy[12] == 0x86 && copy[13] == 0xdd)
			((struct rte_ipv6_hdr *)(copy + ETH_LEN))->payload_len =
				rte_cpu_to_be_16((uint16_t)(len - ETH_LEN - IPV6_LEN));
		if (fix_length && len >= ETH_LEN + IPV4_LEN &&
		    copy[12] == 0x08 && copy[13] == 0x00) {
			((struct rte_ipv4_hdr *)(copy + ETH_LEN))->total_length =
				rte_cpu_to_be_16((uint16_t)(len - ETH_LEN));
			frame_ipv4_cksum(copy);
		}
		parse_frame(copy, (uint32_t)len, &m);
		if (len == full) {
			CU_ASSERT_EQUAL(m.verdict, VERDICT_CONTINUE);
		} else if (m.verdict != VERDICT_DROP || !is_truncation_reason(&m)) {
			fprintf(stderr, "\n  %zu of %zu bytes: verdict %u reason %s", len,
				full, m.verdict, vg_drop_name(m.reason));
			CU_FAIL("a truncated frame passed or was dropped for another reason");
		}
		free(copy);
	}
}

static void test_every_truncation_of_ipv4_tcp_is_a_length_drop(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow4(IPPROTO_TCP);
	size_t len;

	f.payload = 24;
	len = frame_flow(&f, buf);
	check_every_prefix(buf, len, false);
	/* Without its payload the header alone is a complete segment. */
	len = IPV4_L4_OFF + 20;
	ipv4_of(buf)->total_length = rte_cpu_to_be_16(IPV4_LEN + 20);
	frame_ipv4_cksum(buf);
	check_every_prefix(buf, len, true);
}

static void test_every_truncation_of_ipv6_udp_is_a_length_drop(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow6(IPPROTO_UDP);

	f.payload = 0;
	check_every_prefix(buf, frame_flow(&f, buf), false);
	check_every_prefix(buf, frame_flow(&f, buf), true);
}

static void test_every_truncation_of_ipv6_tcp_in_a_fragment_is_a_length_drop(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow6(IPPROTO_TCP);

	f.fragment = true;
	f.more_frags = true;
	check_every_prefix(buf, frame_flow(&f, buf), false);
	check_every_prefix(buf, frame_flow(&f, buf), true);
}

static void test_every_truncation_of_arp_is_a_length_drop(void)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];

	check_every_prefix(buf, arp_request(buf), false);
}

static const struct vg_test tests[] = {
	VG_TEST(test_ipv4_tcp_gives_ports_flags_and_offsets),
	VG_TEST(test_ipv6_udp_gives_ports_and_offsets),
	VG_TEST(test_icmp_type_and_code_land_in_the_ports),
	VG_TEST(test_icmpv6_type_and_code_land_in_the_ports),
	VG_TEST(test_broadcast_arp_request_parses_as_arp),
	VG_TEST(test_neighbour_solicitation_to_its_group_is_not_multicast_dropped),
	VG_TEST(test_ethernet_padding_after_a_short_packet_is_accepted),
	VG_TEST(test_frame_of_exactly_1514_bytes_is_accepted),
	VG_TEST(test_frame_shorter_than_ethernet_is_truncated_eth),
	VG_TEST(test_frame_over_1514_bytes_is_oversize),
	VG_TEST(test_vlan_tagged_frame_is_vlan),
	VG_TEST(test_unknown_ethertype_is_ethertype),
	VG_TEST(test_broadcast_ipv4_is_multicast),
	VG_TEST(test_multicast_ipv4_is_multicast),
	VG_TEST(test_ipv6_to_all_nodes_is_multicast),
	VG_TEST(test_arp_with_hardware_length_5_is_bad_arp),
	VG_TEST(test_arp_with_unknown_opcode_is_bad_arp),
	VG_TEST(test_truncated_arp_is_bad_arp),
	VG_TEST(test_truncated_ipv4_header_is_truncated_ipv4),
	VG_TEST(test_ipv4_header_length_below_5_is_bad_header),
	VG_TEST(test_ipv4_version_other_than_4_is_bad_header),
	VG_TEST(test_ipv4_options_are_ipv4_options),
	VG_TEST(test_ipv4_bad_checksum_is_bad_header),
	VG_TEST(test_every_bit_flip_of_the_ipv4_checksummed_fields_is_bad_header),
	VG_TEST(test_ipv4_total_length_beyond_the_frame_is_bad_length),
	VG_TEST(test_ipv4_total_length_below_the_header_is_bad_length),
	VG_TEST(test_ipv4_later_fragment_continues_without_l4),
	VG_TEST(test_ipv4_first_fragment_has_ports),
	VG_TEST(test_truncated_ipv6_header_is_truncated_ipv6),
	VG_TEST(test_ipv6_version_other_than_6_is_bad_header),
	VG_TEST(test_ipv6_payload_length_beyond_the_frame_is_bad_length),
	VG_TEST(test_ipv6_hop_by_hop_header_is_extension),
	VG_TEST(test_ipv6_routing_header_is_extension),
	VG_TEST(test_ipv6_later_fragment_continues_without_l4),
	VG_TEST(test_ipv6_first_fragment_has_ports_after_the_fragment_header),
	VG_TEST(test_ipv6_fragment_header_cut_short_is_truncated_ipv6),
	VG_TEST(test_truncated_tcp_header_is_truncated_l4),
	VG_TEST(test_tcp_data_offset_below_5_is_bad_l4_header),
	VG_TEST(test_tcp_data_offset_beyond_the_segment_is_bad_l4_header),
	VG_TEST(test_udp_length_below_8_is_bad_l4_header),
	VG_TEST(test_udp_length_beyond_the_datagram_is_bad_l4_header),
	VG_TEST(test_truncated_udp_header_is_truncated_l4),
	VG_TEST(test_truncated_icmp_header_is_truncated_l4),
	VG_TEST(test_every_truncation_of_ipv4_tcp_is_a_length_drop),
	VG_TEST(test_every_truncation_of_ipv6_udp_is_a_length_drop),
	VG_TEST(test_every_truncation_of_ipv6_tcp_in_a_fragment_is_a_length_drop),
	VG_TEST(test_every_truncation_of_arp_is_a_length_drop),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = { { "dataplane-parse", NULL, NULL, tests }, { NULL } };

	return vg_test_main(suites);
}
