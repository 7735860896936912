/* SPDX-License-Identifier: BSD-3-Clause */
/* Step 2: identity. A port speaks for one guest (the punt port for the
 * gateway): its frames must carry that guest's MAC and addresses. */
#include <netinet/in.h>
#include <string.h>

#include <rte_arp.h>
#include <rte_ether.h>
#include <rte_ip.h>

#include "pipeline.h"

static const uint8_t unspecified6[16];

static void check(const struct dp_identity *id, const uint8_t *frame,
		  struct pkt_meta *m)
{
	const struct rte_ether_hdr *eth = (const void *)frame;
	const void *l3 = frame + m->l3_off;

	if (!rte_is_same_ether_addr(&eth->src_addr, &id->mac))
		return pkt_drop(m, VG_DROP_SPOOF_MAC);
	switch (m->kind) {
	case PKT_ARP: {
		const struct rte_arp_ipv4 *a = &((const struct rte_arp_hdr *)l3)->arp_data;

		if (!rte_is_same_ether_addr(&a->arp_sha, &id->mac))
			return pkt_drop(m, VG_DROP_SPOOF_MAC);
		/* 0.0.0.0 is an address probe; neigh leaves it unanswered. */
		if (a->arp_sip != 0 && !(id->has_ipv4 && a->arp_sip == id->ipv4))
			return pkt_drop(m, VG_DROP_SPOOF_IP);
		return;
	}
	case PKT_IPV4:
		if (!id->has_ipv4 ||
		    ((const struct rte_ipv4_hdr *)l3)->src_addr != id->ipv4)
			return pkt_drop(m, VG_DROP_SPOOF_IP);
		return;
	default: {
		const uint8_t *src = ((const struct rte_ipv6_hdr *)l3)->src_addr;

		if (id->has_ipv6 && memcmp(src, id->ipv6, 16) == 0)
			return;
		/* Duplicate address detection speaks from ::, and is no spoof. */
		if (m->l4_proto == IPPROTO_ICMPV6 && memcmp(src, unspecified6, 16) == 0)
			return pkt_drop(m, VG_DROP_BAD_ND);
		return pkt_drop(m, VG_DROP_SPOOF_IP);
	}
	}
}

void node_identity(const struct pipeline_ctx *c, struct rte_mbuf **pkts,
		   struct pkt_meta *meta, uint16_t n)
{
	bool punt = c->in_port == c->topo->n_guests;
	const struct dp_identity *id = punt ? &c->topo->gateway
					    : &c->topo->guests[c->in_port].id;
	uint16_t who = punt ? VG_GUEST_GATEWAY : c->in_port;

	for (uint16_t i = 0; i < n; i++) {
		if (meta[i].verdict != VERDICT_CONTINUE)
			continue;
		meta[i].src = who;
		check(id, rte_pktmbuf_mtod(pkts[i], const uint8_t *), &meta[i]);
	}
}
