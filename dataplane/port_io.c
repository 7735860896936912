/* SPDX-License-Identifier: BSD-3-Clause */
#include "port_io.h"

#include <stddef.h>

#include <rte_net.h>
#include <rte_tcp.h>
#include <rte_udp.h>

void port_io_complete_l4_csum(struct rte_mbuf *m)
{
	struct rte_net_hdr_lens lens;
	uint32_t ptype = rte_net_get_ptype(m, &lens, RTE_PTYPE_ALL_MASK);
	uint32_t l4 = lens.l2_len + lens.l3_len, field;
	uint16_t sum = 0;

	switch (ptype & RTE_PTYPE_L4_MASK) {
	case RTE_PTYPE_L4_TCP:
		field = l4 + offsetof(struct rte_tcp_hdr, cksum);
		break;
	case RTE_PTYPE_L4_UDP:
		field = l4 + offsetof(struct rte_udp_hdr, dgram_cksum);
		break;
	default:
		return;          /* left as it came: the pipeline parses it anyway */
	}
	if (field + sizeof(uint16_t) > rte_pktmbuf_data_len(m) ||
	    rte_raw_cksum_mbuf(m, l4, rte_pktmbuf_pkt_len(m) - l4, &sum) < 0)
		return;
	sum = (uint16_t)~sum;
	/* UDP sends a computed 0 as all ones: 0 means "no checksum". */
	if (sum == 0 && (ptype & RTE_PTYPE_L4_MASK) == RTE_PTYPE_L4_UDP)
		sum = 0xffff;
	*rte_pktmbuf_mtod_offset(m, uint16_t *, field) = sum;
	m->ol_flags = (m->ol_flags & ~RTE_MBUF_F_RX_L4_CKSUM_MASK) | RTE_MBUF_F_RX_L4_CKSUM_GOOD;
}
