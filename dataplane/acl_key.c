/* SPDX-License-Identifier: BSD-3-Clause */
#include "acl_key.h"

#include <netinet/in.h>

#include <rte_byteorder.h>

#include "pkt_meta.h"
#include "topology.h"

static uint8_t proto_flags(const struct pkt_meta *m)
{
	uint8_t f = m->frag == FRAG_LATER ? ACL_F_LATER : 0;

	switch (m->l4_proto) {
	case IPPROTO_TCP:
		return f | ACL_P_TCP;
	case IPPROTO_UDP:
		return f | ACL_P_UDP;
	case IPPROTO_ICMP:
		return f | (m->kind == PKT_IPV4 ? ACL_P_ICMP : ACL_P_OTHER);
	case IPPROTO_ICMPV6:
		return f | (m->kind == PKT_IPV6 ? ACL_P_ICMPV6 : ACL_P_OTHER);
	default:
		return f | ACL_P_OTHER;
	}
}

void acl_key_build(const struct dp_topology *t, const struct pkt_meta *m,
		   struct acl_key *k)
{
	*k = (struct acl_key){
		.proto_flags = proto_flags(m),
		.src_id = rte_cpu_to_be_16(m->src),
		.dst_id = rte_cpu_to_be_16(m->dst),
		.src_groups = rte_cpu_to_be_32(t->guests[m->src].groups),
		.dst_groups = rte_cpu_to_be_32(t->guests[m->dst].groups),
		.sport = rte_cpu_to_be_16(m->sport),
		.dport = rte_cpu_to_be_16(m->dport),
	};
}
