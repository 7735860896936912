/* SPDX-License-Identifier: BSD-3-Clause */
#include "frame_build.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <rte_arp.h>
#include <rte_byteorder.h>
#include <rte_icmp.h>
#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#define IPV6_NEXT_HOP_BY_HOP 0
#define IPV6_NEXT_FRAGMENT 44
#define EXT_LEN 8                  /* hop-by-hop (padded) and fragment */

static size_t eth(uint8_t *buf, const struct rte_ether_addr *dst,
		  const struct rte_ether_addr *src, uint16_t type)
{
	struct rte_ether_hdr *e = (struct rte_ether_hdr *)buf;

	e->dst_addr = *dst;
	e->src_addr = *src;
	e->ether_type = rte_cpu_to_be_16(type);
	return sizeof(*e);
}

/* The L4 header (unless this is a later fragment) and payload at l4;
 * returns their length. Checksums are left to the caller. */
static size_t l4(const struct flow *f, uint8_t *p)
{
	size_t hlen = 0;

	if (f->fragment && f->frag_offset) {
		memset(p, 0xab, f->payload ? f->payload : 8);
		return f->payload ? f->payload : 8;
	}
	switch (f->proto) {
	case IPPROTO_TCP: {
		struct rte_tcp_hdr *t = (struct rte_tcp_hdr *)p;

		memset(t, 0, sizeof(*t));
		t->src_port = rte_cpu_to_be_16(f->sport);
		t->dst_port = rte_cpu_to_be_16(f->dport);
		t->sent_seq = rte_cpu_to_be_32(f->seq ? f->seq : 1000);
		t->recv_ack = rte_cpu_to_be_32(!(f->tcp_flags & RTE_TCP_ACK_FLAG) ? 0
					       : f->ack ? f->ack : 2000);
		t->data_off = (sizeof(*t) / 4) << 4;
		t->tcp_flags = f->tcp_flags;
		t->rx_win = rte_cpu_to_be_16(f->win ? f->win : 65535);
		hlen = sizeof(*t);
		break;
	}
	case IPPROTO_UDP: {
		struct rte_udp_hdr *u = (struct rte_udp_hdr *)p;

		u->src_port = rte_cpu_to_be_16(f->sport);
		u->dst_port = rte_cpu_to_be_16(f->dport);
		u->dgram_len = rte_cpu_to_be_16((uint16_t)(sizeof(*u) + f->payload));
		u->dgram_cksum = 0;
		hlen = sizeof(*u);
		break;
	}
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6: {
		struct rte_icmp_hdr *i = (struct rte_icmp_hdr *)p;

		i->icmp_type = (uint8_t)f->sport;
		i->icmp_code = (uint8_t)f->dport;
		i->icmp_cksum = 0;
		i->icmp_ident = rte_cpu_to_be_16(f->icmp_id ? f->icmp_id : 0x1234);
		i->icmp_seq_nb = rte_cpu_to_be_16(1);
		hlen = sizeof(*i);
		if (f->quote) {
			memcpy(p + hlen, f->quote, f->quote_len);
			return hlen + f->quote_len;
		}
		break;
	}
	default:
		break;
	}
	for (size_t k = 0; k < f->payload; k++)
		p[hlen + k] = (uint8_t)k;
	return hlen + f->payload;
}

static size_t flow_ipv4(const struct flow *f, uint8_t *buf)
{
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(buf + ETH_LEN);
	uint8_t *p = (uint8_t *)(ip + 1);
	size_t n = l4(f, p);
	uint16_t frag = 0;

	if (f->fragment)
		frag = (uint16_t)(f->frag_offset | (f->more_frags ? RTE_IPV4_HDR_MF_FLAG : 0));
	*ip = (struct rte_ipv4_hdr){
		.version_ihl = RTE_IPV4_VHL_DEF,
		.total_length = rte_cpu_to_be_16((uint16_t)(sizeof(*ip) + n)),
		.packet_id = rte_cpu_to_be_16(42),
		.fragment_offset = rte_cpu_to_be_16(frag),
		.time_to_live = 64,
		.next_proto_id = f->proto,
	};
	memcpy(&ip->src_addr, f->src_ip, 4);
	memcpy(&ip->dst_addr, f->dst_ip, 4);
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	if (!f->fragment) {
		if (f->proto == IPPROTO_TCP)
			((struct rte_tcp_hdr *)p)->cksum = rte_ipv4_udptcp_cksum(ip, p);
		else if (f->proto == IPPROTO_UDP)
			((struct rte_udp_hdr *)p)->dgram_cksum = rte_ipv4_udptcp_cksum(ip, p);
		else if (f->proto == IPPROTO_ICMP)
			((struct rte_icmp_hdr *)p)->icmp_cksum =
				(uint16_t)~rte_raw_cksum(p, n);
	}
	return ETH_LEN + sizeof(*ip) + n;
}

static size_t flow_ipv6(const struct flow *f, uint8_t *buf)
{
	struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)(buf + ETH_LEN);
	uint8_t *p = (uint8_t *)(ip + 1);
	uint8_t next = f->proto;
	size_t ext = 0, n;

	if (f->fragment) {
		uint16_t fo = (uint16_t)(f->frag_offset << 3 | (f->more_frags ? 1 : 0));

		p[0] = next;
		p[1] = 0;
		p[2] = (uint8_t)(fo >> 8);
		p[3] = (uint8_t)fo;
		memcpy(p + 4, "\x00\x00\x00\x2a", 4);
		next = IPV6_NEXT_FRAGMENT;
		ext = EXT_LEN;
	} else if (f->hop_by_hop) {
		/* Next header, length 0 (8 bytes), PadN of 4. */
		memcpy(p, "\x00\x00\x01\x04\x00\x00\x00\x00", EXT_LEN);
		p[0] = next;
		next = IPV6_NEXT_HOP_BY_HOP;
		ext = EXT_LEN;
	}
	n = l4(f, p + ext);
	*ip = (struct rte_ipv6_hdr){
		.vtc_flow = rte_cpu_to_be_32(6u << 28),
		.payload_len = rte_cpu_to_be_16((uint16_t)(ext + n)),
		.proto = next,
		.hop_limits = 64,
	};
	memcpy(ip->src_addr, f->src_ip, 16);
	memcpy(ip->dst_addr, f->dst_ip, 16);
	if (ext == 0) {
		if (f->proto == IPPROTO_TCP)
			((struct rte_tcp_hdr *)p)->cksum = rte_ipv6_udptcp_cksum(ip, p);
		else if (f->proto == IPPROTO_UDP)
			((struct rte_udp_hdr *)p)->dgram_cksum = rte_ipv6_udptcp_cksum(ip, p);
		else if (f->proto == IPPROTO_ICMPV6)
			((struct rte_icmp_hdr *)p)->icmp_cksum = rte_ipv6_udptcp_cksum(ip, p);
	}
	return ETH_LEN + sizeof(*ip) + ext + n;
}

size_t frame_flow(const struct flow *f, uint8_t *buf)
{
	memset(buf, 0, FRAME_BUF);
	eth(buf, &f->dst_mac, &f->src_mac,
	    f->family == 6 ? RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_IPV4);
	return f->family == 6 ? flow_ipv6(f, buf) : flow_ipv4(f, buf);
}

size_t frame_arp(uint8_t *buf, const struct rte_ether_addr *eth_dst,
		 const struct rte_ether_addr *eth_src, uint16_t op,
		 const struct rte_ether_addr *sha, uint32_t sip_be,
		 const struct rte_ether_addr *tha, uint32_t tip_be)
{
	struct rte_arp_hdr *a = (struct rte_arp_hdr *)(buf + ETH_LEN);

	memset(buf, 0, FRAME_BUF);
	eth(buf, eth_dst, eth_src, RTE_ETHER_TYPE_ARP);
	a->arp_hardware = rte_cpu_to_be_16(RTE_ARP_HRD_ETHER);
	a->arp_protocol = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	a->arp_hlen = RTE_ETHER_ADDR_LEN;
	a->arp_plen = 4;
	a->arp_opcode = rte_cpu_to_be_16(op);
	a->arp_data.arp_sha = *sha;
	a->arp_data.arp_sip = sip_be;
	a->arp_data.arp_tha = *tha;
	a->arp_data.arp_tip = tip_be;
	return ETH_LEN + sizeof(*a);
}

size_t frame_ns(uint8_t *buf, const struct rte_ether_addr *src_mac,
		const uint8_t src_ip[16], const uint8_t target[16])
{
	struct rte_ether_addr group = {
		{ 0x33, 0x33, 0xff, target[13], target[14], target[15] } };
	struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)(buf + ETH_LEN);
	uint8_t *ns = (uint8_t *)(ip + 1);
	const size_t ns_len = 32;   /* header, target, source link-layer option */

	memset(buf, 0, FRAME_BUF);
	eth(buf, &group, src_mac, RTE_ETHER_TYPE_IPV6);
	*ip = (struct rte_ipv6_hdr){
		.vtc_flow = rte_cpu_to_be_32(6u << 28),
		.payload_len = rte_cpu_to_be_16(ns_len),
		.proto = IPPROTO_ICMPV6,
		.hop_limits = 255,
	};
	memcpy(ip->src_addr, src_ip, 16);
	/* ff02::1:ffXX:XXXX */
	memcpy(ip->dst_addr, "\xff\x02\0\0\0\0\0\0\0\0\0\x01\xff", 13);
	memcpy(ip->dst_addr + 13, target + 13, 3);
	ns[0] = 135;
	memcpy(ns + 8, target, 16);
	ns[24] = 1;                 /* source link-layer address */
	ns[25] = 1;                 /* 8 bytes */
	memcpy(ns + 26, src_mac->addr_bytes, RTE_ETHER_ADDR_LEN);
	((struct rte_icmp_hdr *)ns)->icmp_cksum = rte_ipv6_udptcp_cksum(ip, ns);
	return ETH_LEN + sizeof(*ip) + ns_len;
}

void frame_ipv4_cksum(uint8_t *buf)
{
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(buf + ETH_LEN);
	size_t hlen = rte_ipv4_hdr_len(ip);

	/* Over the header the IHL claims, but never less than the fixed
	 * part: a header with a bad IHL is still checksummed correctly. */
	ip->hdr_checksum = 0;
	ip->hdr_checksum = (uint16_t)~rte_raw_cksum(ip, hlen < IPV4_LEN ? IPV4_LEN : hlen);
}

uint32_t ip4(const char *text)
{
	struct in_addr a;

	if (inet_pton(AF_INET, text, &a) != 1)
		abort();
	return a.s_addr;
}

void ip6(const char *text, uint8_t out[16])
{
	if (inet_pton(AF_INET6, text, out) != 1)
		abort();
}

struct rte_ether_addr mac(const char *text)
{
	struct rte_ether_addr a;

	if (rte_ether_unformat_addr(text, &a) != 0)
		abort();
	return a;
}
