/* SPDX-License-Identifier: BSD-3-Clause */
/* Step 1: parse. Headers are read only after their length is checked. */
#include "node_parse.h"
#include "pipeline.h"

#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>

#include <rte_arp.h>
#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_icmp.h>
#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#define IPV6_NEXT_FRAGMENT 44
#define IPV6_FRAG_OFFSET_MASK 0xfff8

static bool is_solicited_node_mcast(const struct rte_ether_addr *a)
{
	return a->addr_bytes[0] == 0x33 && a->addr_bytes[1] == 0x33 &&
	       a->addr_bytes[2] == 0xff;
}

/* Hop-by-hop, routing, destination options, a second fragment header,
 * ESP/AH, mobility, HIP, shim6: a guest talking to another guest has no use
 * for them, and each would hide the transport header from the rules. */
static bool is_ipv6_extension(uint8_t next)
{
	switch (next) {
	case 0: case 43: case 44: case 50: case 51: case 60: case 135: case 139:
	case 140:
		return true;
	default:
		return false;
	}
}

/* The L4 header at off, within l4_len bytes of L3 payload. */
static void parse_l4(const uint8_t *frame, uint32_t l4_len, struct pkt_meta *m)
{
	const uint8_t *l4 = frame + m->l4_off;

	switch (m->l4_proto) {
	case IPPROTO_TCP: {
		const struct rte_tcp_hdr *t = (const void *)l4;
		uint32_t hlen;

		if (l4_len < sizeof(*t))
			return pkt_drop(m, VG_DROP_TRUNCATED_L4);
		hlen = (uint32_t)(t->data_off >> 4) * 4;
		if (hlen < sizeof(*t) || hlen > l4_len)
			return pkt_drop(m, VG_DROP_BAD_L4_HEADER);
		m->sport = rte_be_to_cpu_16(t->src_port);
		m->dport = rte_be_to_cpu_16(t->dst_port);
		m->tcp_flags = t->tcp_flags;
		return;
	}
	case IPPROTO_UDP: {
		const struct rte_udp_hdr *u = (const void *)l4;
		uint16_t ulen;

		if (l4_len < sizeof(*u))
			return pkt_drop(m, VG_DROP_TRUNCATED_L4);
		ulen = rte_be_to_cpu_16(u->dgram_len);
		/* A first fragment carries only part of the datagram. */
		if (ulen < sizeof(*u) || (m->frag == FRAG_NONE && ulen > l4_len))
			return pkt_drop(m, VG_DROP_BAD_L4_HEADER);
		m->sport = rte_be_to_cpu_16(u->src_port);
		m->dport = rte_be_to_cpu_16(u->dst_port);
		return;
	}
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		if (l4_len < 4)
			return pkt_drop(m, VG_DROP_TRUNCATED_L4);
		m->sport = l4[0];     /* type */
		m->dport = l4[1];     /* code */
		return;
	default:
		return;               /* other protocols: no ports */
	}
}

/* Whether a 20-byte IPv4 header sums to all ones, as a valid one does:
 * five 32-bit words (rte_raw_cksum adds ten 16-bit ones in a loop), the
 * carries folded back in 16 bits at a time (35 bits need three folds). */
static bool ipv4_header_sum_ok(const void *hdr)
{
	uint32_t w[5];
	uint64_t sum;

	memcpy(w, hdr, sizeof(w));
	sum = (uint64_t)w[0] + w[1] + w[2] + w[3] + w[4];
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return sum == 0xffff;
}

static void parse_ipv4(const uint8_t *frame, uint32_t len, struct pkt_meta *m)
{
	const struct rte_ipv4_hdr *ip = (const void *)(frame + m->l3_off);
	uint32_t avail = len - m->l3_off, total, hlen;
	uint16_t frag;

	if (avail < sizeof(*ip))
		return pkt_drop(m, VG_DROP_TRUNCATED_IPV4);
	hlen = (uint32_t)(ip->version_ihl & 0x0f) * 4;
	if ((ip->version_ihl >> 4) != 4 || hlen < sizeof(*ip))
		return pkt_drop(m, VG_DROP_BAD_IPV4_HEADER);
	if (hlen != sizeof(*ip))
		return pkt_drop(m, VG_DROP_IPV4_OPTIONS);
	if (!ipv4_header_sum_ok(ip))
		return pkt_drop(m, VG_DROP_BAD_IPV4_HEADER);
	total = rte_be_to_cpu_16(ip->total_length);
	if (total < hlen || total > avail)
		return pkt_drop(m, VG_DROP_BAD_IPV4_LENGTH);
	m->kind = PKT_IPV4;
	m->l4_proto = ip->next_proto_id;
	frag = rte_be_to_cpu_16(ip->fragment_offset);
	if (frag & RTE_IPV4_HDR_OFFSET_MASK) {
		m->frag = FRAG_LATER;
		return;
	}
	if (frag & RTE_IPV4_HDR_MF_FLAG)
		m->frag = FRAG_FIRST;
	m->l4_off = (uint16_t)(m->l3_off + hlen);
	parse_l4(frame, total - hlen, m);
}

static void parse_ipv6(const uint8_t *frame, uint32_t len, struct pkt_meta *m)
{
	const struct rte_ipv6_hdr *ip = (const void *)(frame + m->l3_off);
	uint32_t avail = len - m->l3_off, payload, off = sizeof(*ip);
	uint8_t next;

	if (avail < sizeof(*ip))
		return pkt_drop(m, VG_DROP_TRUNCATED_IPV6);
	if ((rte_be_to_cpu_32(ip->vtc_flow) >> 28) != 6)
		return pkt_drop(m, VG_DROP_BAD_IPV6_HEADER);
	payload = rte_be_to_cpu_16(ip->payload_len);
	if (payload > avail - sizeof(*ip))
		return pkt_drop(m, VG_DROP_BAD_IPV6_LENGTH);
	m->kind = PKT_IPV6;
	next = ip->proto;
	if (next == IPV6_NEXT_FRAGMENT) {
		const uint8_t *fh = frame + m->l3_off + off;
		uint16_t fo;

		if (payload < 8)
			return pkt_drop(m, VG_DROP_TRUNCATED_IPV6);
		fo = (uint16_t)(fh[2] << 8 | fh[3]);
		next = fh[0];
		off += 8;
		if (fo & IPV6_FRAG_OFFSET_MASK) {
			m->l4_proto = next;
			m->frag = FRAG_LATER;
			return;
		}
		m->frag = FRAG_FIRST;
	}
	if (is_ipv6_extension(next))
		return pkt_drop(m, VG_DROP_IPV6_EXTENSION);
	m->l4_proto = next;
	m->l4_off = (uint16_t)(m->l3_off + off);
	parse_l4(frame, payload - (off - sizeof(*ip)), m);
}

static void parse_arp(uint32_t len, const uint8_t *frame, struct pkt_meta *m)
{
	const struct rte_arp_hdr *a = (const void *)(frame + m->l3_off);

	if (len - m->l3_off < sizeof(*a) ||
	    a->arp_hardware != rte_cpu_to_be_16(RTE_ARP_HRD_ETHER) ||
	    a->arp_protocol != rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4) ||
	    a->arp_hlen != RTE_ETHER_ADDR_LEN || a->arp_plen != 4 ||
	    (a->arp_opcode != rte_cpu_to_be_16(RTE_ARP_OP_REQUEST) &&
	     a->arp_opcode != rte_cpu_to_be_16(RTE_ARP_OP_REPLY)))
		return pkt_drop(m, VG_DROP_BAD_ARP);
	m->kind = PKT_ARP;
}

void parse_frame(const uint8_t *frame, uint32_t len, struct pkt_meta *m)
{
	const struct rte_ether_hdr *eth = (const void *)frame;
	uint16_t type;

	memset(m, 0, sizeof(*m));
	m->src = m->dst = VG_GUEST_NONE;
	if (len < sizeof(*eth))
		return pkt_drop(m, VG_DROP_TRUNCATED_ETH);
	if (len > VG_FRAME_MAX)
		return pkt_drop(m, VG_DROP_OVERSIZE);
	type = rte_be_to_cpu_16(eth->ether_type);
	m->l3_off = sizeof(*eth);
	if (type == RTE_ETHER_TYPE_VLAN || type == RTE_ETHER_TYPE_QINQ)
		return pkt_drop(m, VG_DROP_VLAN);
	if (type == RTE_ETHER_TYPE_ARP)
		return parse_arp(len, frame, m);
	/* Group destinations: only neighbour solicitations go further. */
	if (!rte_is_unicast_ether_addr(&eth->dst_addr) &&
	    !(type == RTE_ETHER_TYPE_IPV6 && is_solicited_node_mcast(&eth->dst_addr)))
		return pkt_drop(m, VG_DROP_MULTICAST);
	if (type == RTE_ETHER_TYPE_IPV4)
		return parse_ipv4(frame, len, m);
	if (type == RTE_ETHER_TYPE_IPV6)
		return parse_ipv6(frame, len, m);
	pkt_drop(m, VG_DROP_ETHERTYPE);
}

void node_parse(const struct pipeline_ctx *c, struct rte_mbuf **pkts,
		struct pkt_meta *meta, uint16_t n)
{
	(void)c;
	for (uint16_t i = 0; i < n; i++) {
		/* Chained mbufs only carry frames past the MTU. */
		if (pkts[i]->nb_segs != 1) {
			memset(&meta[i], 0, sizeof(meta[i]));
			pkt_drop(&meta[i], VG_DROP_OVERSIZE);
			continue;
		}
		parse_frame(rte_pktmbuf_mtod(pkts[i], const uint8_t *),
			    rte_pktmbuf_data_len(pkts[i]), &meta[i]);
	}
}
