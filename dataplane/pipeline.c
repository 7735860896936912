/* SPDX-License-Identifier: BSD-3-Clause */
#include "pipeline.h"

void pipeline_run(const struct pipeline_ctx *c, struct rte_mbuf **pkts,
		  struct pkt_meta *meta, uint16_t n)
{
	static pipeline_step *const steps[] = {
		node_parse, node_identity, node_meter, node_neigh, node_dst,
		node_conntrack, node_grant, node_acl, node_bpf, node_inspect,
		node_ct_create, node_mirror,
	};

	for (unsigned s = 0; s < sizeof(steps) / sizeof(steps[0]); s++)
		steps[s](c, pkts, meta, n);
}
