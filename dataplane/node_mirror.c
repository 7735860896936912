/* SPDX-License-Identifier: BSD-3-Clause */
/* Step 12: the mirror. Copies of the frames a rule marked `mirror`
 * decided (allowed or denied, and those its sessions passed, both
 * directions), and with `drops = true` of every frame dropped so far, go
 * to the mirror's ring (mirror.h): a copy per frame, no waiting. Last, so
 * every drop of the pipeline is seen; drops at transmit (port_down,
 * tx_full) come after it and are not. */
#include "mirror.h"
#include "pipeline.h"

void node_mirror(const struct pipeline_ctx *c, struct rte_mbuf **pkts,
		 struct pkt_meta *meta, uint16_t n)
{
	const struct vg_config *cfg = c->pol->cfg;
	const struct vg_rule *rules = cfg->policy.rules;
	struct rte_mbuf *chosen[VG_BURST];
	uint8_t reasons[VG_BURST];
	uint16_t k = 0;

	if (!c->mirror || (!cfg->mirror.n_rules && !cfg->mirror.drops))
		return;
	for (uint16_t i = 0; i < n && k < VG_BURST; i++) {
		const struct pkt_meta *m = &meta[i];
		bool dropped = m->verdict != VERDICT_TX;

		if (!(m->rule && rules[m->rule - 1].mirror) && !(dropped && cfg->mirror.drops))
			continue;
		chosen[k] = pkts[i];
		/* The worker drops a frame no step decided as default_deny. */
		reasons[k++] = !dropped ? MIRROR_NOT_DROPPED
			       : (uint8_t)(1 + (m->verdict == VERDICT_DROP ? m->reason
						: VG_DROP_DEFAULT_DENY));
	}
	if (k)
		dp_mirror_copy(c->mirror, c->in_port, chosen, reasons, k, cfg->mirror.snaplen,
			       c->now);
}
