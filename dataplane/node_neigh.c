/* SPDX-License-Identifier: BSD-3-Clause */
/* Step 4: neighbours. The gateway answers ARP and IPv6 neighbour
 * solicitations for configured guests and for itself, with the owner's
 * own MAC, so guests share no broadcast domain. Nothing of either kind is
 * forwarded. */
#include <netinet/in.h>
#include <string.h>

#include <rte_arp.h>
#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>

#include "pipeline.h"

#define ND_SOLICIT 135
#define ND_ADVERT 136
#define ND_FIRST 133       /* router solicitation .. redirect */
#define ND_LAST 137
#define ND_OPT_TARGET_LLADDR 2
#define NA_FLAGS_SOLICITED_OVERRIDE 0x60   /* first byte of the flags */

struct nd_advert {
	uint8_t type, code;
	uint16_t cksum;
	uint8_t flags[4];          /* bytes: the frame puts it at 2 mod 4 */
	uint8_t target[16];
	uint8_t opt_type, opt_len;
	struct rte_ether_addr lladdr;
};
_Static_assert(sizeof(struct nd_advert) == 32, "advert with one option, unpadded");

#define NA_FRAME_LEN (sizeof(struct rte_ether_hdr) + sizeof(struct rte_ipv6_hdr) + \
		      sizeof(struct nd_advert))

static void answer_arp(const struct pipeline_ctx *c, struct rte_mbuf *pkt,
		       struct pkt_meta *m)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(pkt, struct rte_ether_hdr *);
	struct rte_arp_ipv4 *a = &((struct rte_arp_hdr *)(eth + 1))->arp_data;
	struct rte_arp_hdr *arp = (struct rte_arp_hdr *)(eth + 1);
	uint32_t target_ip = a->arp_tip;
	uint16_t owner;

	if (arp->arp_opcode != rte_cpu_to_be_16(RTE_ARP_OP_REQUEST) || a->arp_sip == 0)
		return pkt_drop(m, VG_DROP_ARP_UNANSWERED);
	owner = dp_topology_find_ipv4(c->topo, target_ip);
	if (owner == VG_GUEST_NONE || owner == m->src)
		return pkt_drop(m, VG_DROP_ARP_UNANSWERED);
	arp->arp_opcode = rte_cpu_to_be_16(RTE_ARP_OP_REPLY);
	a->arp_tha = a->arp_sha;
	a->arp_tip = a->arp_sip;
	a->arp_sha = *dp_topology_mac(c->topo, owner);
	a->arp_sip = target_ip;
	eth->dst_addr = eth->src_addr;
	eth->src_addr = a->arp_sha;
	pkt_tx(m, c->in_port);
}

static void answer_ns(const struct pipeline_ctx *c, struct rte_mbuf *pkt,
		      struct pkt_meta *m)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(pkt, struct rte_ether_hdr *);
	struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)(eth + 1);
	struct nd_advert *na = (struct nd_advert *)(ip + 1);
	uint32_t l4_len = rte_be_to_cpu_16(ip->payload_len);
	uint8_t target[16];
	uint16_t owner;

	if (m->l4_off != sizeof(*eth) + sizeof(*ip) || l4_len < 24 ||
	    ip->hop_limits != 255 || m->dport != 0)
		return pkt_drop(m, VG_DROP_BAD_ND);
	memcpy(target, na->target, sizeof(target));
	owner = dp_topology_find_ipv6(c->topo, target);
	if (owner == VG_GUEST_NONE || owner == m->src)
		return pkt_drop(m, VG_DROP_BAD_ND);
	/* The advert is longer than a solicitation without options. */
	if (rte_pktmbuf_data_len(pkt) < NA_FRAME_LEN &&
	    !rte_pktmbuf_append(pkt, (uint16_t)(NA_FRAME_LEN - rte_pktmbuf_data_len(pkt))))
		return pkt_drop(m, VG_DROP_BAD_ND);
	rte_pktmbuf_trim(pkt, (uint16_t)(rte_pktmbuf_data_len(pkt) - NA_FRAME_LEN));
	eth->dst_addr = eth->src_addr;
	eth->src_addr = *dp_topology_mac(c->topo, owner);
	memcpy(ip->dst_addr, ip->src_addr, 16);
	memcpy(ip->src_addr, target, 16);
	ip->payload_len = rte_cpu_to_be_16(sizeof(*na));
	ip->hop_limits = 255;
	*na = (struct nd_advert){
		.type = ND_ADVERT,
		.flags = { NA_FLAGS_SOLICITED_OVERRIDE },
		.opt_type = ND_OPT_TARGET_LLADDR,
		.opt_len = 1,
		.lladdr = eth->src_addr,
	};
	memcpy(na->target, target, 16);
	na->cksum = rte_ipv6_udptcp_cksum(ip, na);
	pkt_tx(m, c->in_port);
}

void node_neigh(const struct pipeline_ctx *c, struct rte_mbuf **pkts,
		struct pkt_meta *meta, uint16_t n)
{
	for (uint16_t i = 0; i < n; i++) {
		struct pkt_meta *m = &meta[i];

		if (m->verdict != VERDICT_CONTINUE)
			continue;
		if (m->kind == PKT_ARP)
			answer_arp(c, pkts[i], m);
		else if (m->kind == PKT_IPV6 && m->l4_proto == IPPROTO_ICMPV6 &&
			 m->l4_off && m->sport >= ND_FIRST && m->sport <= ND_LAST)
			m->sport == ND_SOLICIT ? answer_ns(c, pkts[i], m)
					       : pkt_drop(m, VG_DROP_BAD_ND);
		else if (rte_is_multicast_ether_addr(
				 &rte_pktmbuf_mtod(pkts[i], struct rte_ether_hdr *)->dst_addr))
			pkt_drop(m, VG_DROP_MULTICAST);
	}
}
