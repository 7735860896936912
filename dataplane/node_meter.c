/* SPDX-License-Identifier: BSD-3-Clause */
/* Step 3: meter. A guest with a rate limit sends no more than it: frames
 * over its bytes or packets per second are dropped. After identity, so
 * spoofed frames cost the guest nothing; before everything the gateway
 * does for a frame (neighbour answers, rules), so a guest flooding
 * traffic that would be denied anyway is held to its rate too. */
#include "meters.h"
#include "pipeline.h"

void node_meter(const struct pipeline_ctx *c, struct rte_mbuf **pkts,
		struct pkt_meta *meta, uint16_t n)
{
	struct dp_meters *ms = c->meters;
	struct meter_profile *p;
	struct meter *m;

	if (!ms)
		return;
	if (ms->generation != c->pol->generation)
		dp_meters_follow(ms, c->pol, c->now);
	if (c->in_port >= ms->n)
		return;                 /* the punt port: the gateway's own */
	p = &c->pol->rate_limits[c->in_port];
	if (!meter_profile_limits(p))
		return;
	m = &ms->guest[c->in_port];
	for (uint16_t i = 0; i < n; i++)
		if (meta[i].verdict == VERDICT_CONTINUE &&
		    !meter_conforms(m, p, c->now, rte_pktmbuf_pkt_len(pkts[i])))
			pkt_drop(&meta[i], VG_DROP_RATE_LIMIT);
}
