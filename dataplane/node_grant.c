/* SPDX-License-Identifier: BSD-3-Clause */
/* Step 7: grant. Two guests talk only while the pair holds a live grant
 * (both attested), unless the policy runs without attestation. */
#include "counter.h"
#include "pipeline.h"

void node_grant(const struct pipeline_ctx *c, struct rte_mbuf **pkts,
		struct pkt_meta *meta, uint16_t n)
{
	struct dp_grants *g = c->grants;

	for (uint16_t i = 0; i < n; i++) {
		struct pkt_meta *m = &meta[i];

		if (m->verdict != VERDICT_CONTINUE)
			continue;
		if (c->pol->attestation_required &&
		    !dp_grant_live(g, m->src, m->dst, c->now)) {
			pkt_drop(m, VG_DROP_NO_GRANT);
			continue;
		}
		counter_add(&g->packets[m->src][m->dst], 1);
		counter_add(&g->bytes[m->src][m->dst], rte_pktmbuf_pkt_len(pkts[i]));
	}
}
