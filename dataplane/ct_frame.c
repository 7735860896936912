/* SPDX-License-Identifier: BSD-3-Clause */
#include "ct_frame.h"

#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_tcp.h>

#define ICMP_HDR_LEN 8              /* type, code, checksum, 4 more bytes */
#define TCP_OPT_END 0
#define TCP_OPT_NOP 1
#define TCP_OPT_WSCALE 3

static uint16_t be16_at(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Bytes from the L4 header to the end of the IP packet. */
static uint32_t l4_len(const uint8_t *frame, const struct pkt_meta *m)
{
	const uint8_t *l3 = frame + m->l3_off;
	uint32_t l3_end = m->kind == PKT_IPV4
		? m->l3_off + be16_at(l3 + offsetof(struct rte_ipv4_hdr, total_length))
		: m->l3_off + sizeof(struct rte_ipv6_hdr) +
		  be16_at(l3 + offsetof(struct rte_ipv6_hdr, payload_len));

	return l3_end - m->l4_off;
}

static bool is_icmp_error(int family, uint8_t type)
{
	if (family == 4)
		return type == 3 || type == 11 || type == 12;   /* unreachable, time, parameter */
	return type >= 1 && type <= 4;   /* unreachable, too big, time, parameter */
}

static bool is_echo(int family, uint8_t type)
{
	return family == 4 ? type == ICMP_ECHO_REQUEST || type == ICMP_ECHO_REPLY
			   : type == ICMPV6_ECHO_REQUEST || type == ICMPV6_ECHO_REPLY;
}

/* The zone of the pair, and which endpoint src is. */
static int set_zone(struct ct_key *k, uint16_t src, uint16_t dst)
{
	uint16_t lo = src < dst ? src : dst, hi = src < dst ? dst : src;

	k->zone = (uint16_t)(lo << 8 | hi);
	return src < dst ? 0 : 1;
}

/* Addresses and ports (or ICMP echo id) of the packet an ICMP error quotes,
 * at ip, of len bytes, sent from endpoint src_ep; false when it is too
 * short or could not be in a session. */
static bool key_of_packet(const uint8_t *ip, uint32_t len, int family, struct ct_key *k,
			  int src_ep)
{
	uint32_t hlen;
	const uint8_t *l4;

	if (family == 4) {
		const struct rte_ipv4_hdr *h = (const void *)ip;

		if (len < sizeof(*h) || (h->version_ihl >> 4) != 4)
			return false;
		hlen = (uint32_t)(h->version_ihl & 0x0f) * 4;
		k->proto = h->next_proto_id;
		memcpy(k->addr[src_ep], &h->src_addr, 4);
		memcpy(k->addr[!src_ep], &h->dst_addr, 4);
	} else {
		const struct rte_ipv6_hdr *h = (const void *)ip;

		hlen = sizeof(*h);
		if (len < hlen || (ip[0] >> 4) != 6)
			return false;
		k->proto = h->proto;
		memcpy(k->addr[src_ep], h->src_addr, 16);
		memcpy(k->addr[!src_ep], h->dst_addr, 16);
	}
	/* A quoted packet brings at least 8 bytes of its L4 header. */
	if (hlen < 20 || len < hlen + ICMP_HDR_LEN)
		return false;
	l4 = ip + hlen;
	k->family = (uint8_t)family;
	switch (k->proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
		k->port[src_ep] = be16_at(l4);
		k->port[!src_ep] = be16_at(l4 + 2);
		return true;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		if ((k->proto == IPPROTO_ICMP) != (family == 4) || !is_echo(family, l4[0]))
			return false;
		k->port[0] = k->port[1] = be16_at(l4 + 4);
		return true;
	default:
		return false;
	}
}

/* The addresses of the frame's IP header, the sender's at src_ep. */
static void addresses(const uint8_t *frame, const struct pkt_meta *m, struct ct_key *k,
		      int src_ep)
{
	const uint8_t *l3 = frame + m->l3_off;

	if (m->kind == PKT_IPV4) {
		const struct rte_ipv4_hdr *h = (const void *)l3;

		memcpy(k->addr[src_ep], &h->src_addr, 4);
		memcpy(k->addr[!src_ep], &h->dst_addr, 4);
	} else {
		const struct rte_ipv6_hdr *h = (const void *)l3;

		memcpy(k->addr[src_ep], h->src_addr, 16);
		memcpy(k->addr[!src_ep], h->dst_addr, 16);
	}
}

enum ct_frame_kind ct_frame_key(const uint8_t *frame, const struct pkt_meta *m,
				struct ct_key *k, int *src_ep)
{
	int family = m->kind == PKT_IPV4 ? 4 : 6;
	const uint8_t *l4 = frame + m->l4_off;
	uint32_t len;

	if (m->l4_off == 0)
		return CT_FRAME_UNTRACKED;          /* a later fragment */
	memset(k, 0, sizeof(*k));
	*src_ep = set_zone(k, m->src, m->dst);
	switch (m->l4_proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
		k->port[*src_ep] = m->sport;
		k->port[!*src_ep] = m->dport;
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		if ((m->l4_proto == IPPROTO_ICMP) != (family == 4))
			return CT_FRAME_UNTRACKED;
		len = l4_len(frame, m);
		if (len < ICMP_HDR_LEN)
			return CT_FRAME_UNTRACKED;
		if (is_icmp_error(family, l4[0]))
			/* The quoted packet went the other way: its source
			 * is the receiver of the error. */
			return key_of_packet(l4 + ICMP_HDR_LEN, len - ICMP_HDR_LEN, family,
					     k, !*src_ep)
			       ? CT_FRAME_RELATED : CT_FRAME_UNTRACKED;
		if (!is_echo(family, l4[0]))
			return CT_FRAME_UNTRACKED;
		k->port[0] = k->port[1] = be16_at(l4 + 4);
		break;
	default:
		return CT_FRAME_UNTRACKED;
	}
	k->proto = m->l4_proto;
	k->family = (uint8_t)family;
	addresses(frame, m, k, *src_ep);
	return CT_FRAME_FLOW;
}

/* The window scale option of a SYN, or -1. */
static int8_t wscale_option(const uint8_t *opt, uint32_t len)
{
	for (uint32_t i = 0; i < len;) {
		uint8_t kind = opt[i];

		if (kind == TCP_OPT_END)
			break;
		if (kind == TCP_OPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= len || opt[i + 1] < 2 || i + opt[i + 1] > len)
			break;
		if (kind == TCP_OPT_WSCALE && opt[i + 1] == 3)
			return (int8_t)(opt[i + 2] & 0x7f);
		i += opt[i + 1];
	}
	return -1;
}

void ct_frame_tcp(const uint8_t *frame, const struct pkt_meta *m, struct ct_tcp_seg *s)
{
	const struct rte_tcp_hdr *t = (const void *)(frame + m->l4_off);
	uint32_t hlen = (uint32_t)(t->data_off >> 4) * 4;

	s->seq = rte_be_to_cpu_32(t->sent_seq);
	s->ack = rte_be_to_cpu_32(t->recv_ack);
	s->win = rte_be_to_cpu_16(t->rx_win);
	s->flags = t->tcp_flags;
	s->len = l4_len(frame, m) - hlen;
	s->wscale = (t->tcp_flags & RTE_TCP_SYN_FLAG)
		  ? wscale_option((const uint8_t *)(t + 1), hlen - sizeof(*t)) : -1;
}
