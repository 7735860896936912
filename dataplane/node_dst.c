/* SPDX-License-Identifier: BSD-3-Clause */
/* Step 5: destination. The guest that owns the destination IP, from the
 * policy, never learned; the frame's destination MAC must be that same
 * owner's. Traffic to or from the gateway's control address goes straight
 * to the punt port or the guest (the daemons behind it attest guests, so
 * it cannot wait for grants). */
#include <rte_ether.h>
#include <rte_ip.h>

#include "pipeline.h"

void node_dst(const struct pipeline_ctx *c, struct rte_mbuf **pkts,
	      struct pkt_meta *meta, uint16_t n)
{
	for (uint16_t i = 0; i < n; i++) {
		struct pkt_meta *m = &meta[i];
		const struct rte_ether_hdr *eth;
		const void *l3;
		uint16_t dst;

		if (m->verdict != VERDICT_CONTINUE)
			continue;
		eth = rte_pktmbuf_mtod(pkts[i], const struct rte_ether_hdr *);
		l3 = (const uint8_t *)eth + m->l3_off;
		dst = m->kind == PKT_IPV4
		    ? dp_topology_find_ipv4(c->topo, ((const struct rte_ipv4_hdr *)l3)->dst_addr)
		    : dp_topology_find_ipv6(c->topo, ((const struct rte_ipv6_hdr *)l3)->dst_addr);
		if (dst == VG_GUEST_NONE) {
			pkt_drop(m, VG_DROP_UNKNOWN_DST);
			continue;
		}
		if (dst == m->src) {
			pkt_drop(m, VG_DROP_HAIRPIN);
			continue;
		}
		if (!rte_is_same_ether_addr(&eth->dst_addr, dp_topology_mac(c->topo, dst))) {
			pkt_drop(m, VG_DROP_DST_MISMATCH);
			continue;
		}
		m->dst = dst;
		if (dst == VG_GUEST_GATEWAY)
			pkt_tx(m, c->topo->n_guests);
		else if (m->src == VG_GUEST_GATEWAY)
			pkt_tx(m, dst);
	}
}
