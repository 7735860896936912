/* SPDX-License-Identifier: BSD-3-Clause */
/* Step 8: rules. The frames still undecided are classified together by
 * rte_acl on a key of (protocol and flags, source and destination guest
 * and groups, ports); the first matching rule decides, else the default. */
#include <stdbool.h>

#include <rte_acl.h>

#include "acl_key.h"
#include "counter.h"
#include "pipeline.h"

static void decide(const struct pipeline_ctx *c, struct pkt_meta *m, uint32_t rule)
{
	enum vg_action action = c->pol->default_action;

	m->rule = rule;
	if (rule) {
		counter_add(&c->pol->rule_hits[rule - 1], 1);
		action = c->pol->cfg->policy.rules[rule - 1].action;
	}
	/* A later fragment carries no ports: only a rule that names
	 * fragments lets it through, whatever the default. */
	if (!rule && m->frag == FRAG_LATER)
		pkt_drop(m, VG_DROP_FRAGMENT);
	else if (action == VG_ACTION_ALLOW)
		pkt_tx(m, m->dst);
	else
		pkt_drop(m, rule ? VG_DROP_ACL_DENY : VG_DROP_DEFAULT_DENY);
}

/* Field by field, as acl_key_build stored them: a wider load of narrower
 * fields just stored waits for the stores to retire (about 12 cycles a
 * frame with memcmp). */
static bool key_equal(const struct acl_key *a, const struct acl_key *b)
{
	return a->proto_flags == b->proto_flags && a->src_id == b->src_id &&
	       a->dst_id == b->dst_id && a->src_groups == b->src_groups &&
	       a->dst_groups == b->dst_groups && a->sport == b->sport &&
	       a->dport == b->dport;
}

/* Frames of one flow arrive back to back: a frame whose key equals the
 * previous distinct key shares its classification (rte_acl is a pure
 * function of the key), so a burst of one flow costs one lookup. */
void node_acl(const struct pipeline_ctx *c, struct rte_mbuf **pkts,
	      struct pkt_meta *meta, uint16_t n)
{
	struct acl_key keys[VG_BURST];
	const uint8_t *data[VG_BURST];
	uint32_t results[VG_BURST];
	uint16_t idx[VG_BURST], slot[VG_BURST], k = 0, u = 0;

	(void)pkts;
	RTE_ASSERT(n <= VG_BURST);
	for (uint16_t i = 0; i < n; i++) {
		if (meta[i].verdict != VERDICT_CONTINUE)
			continue;
		acl_key_build(c->topo, &meta[i], &keys[u]);
		if (u == 0 || !key_equal(&keys[u], &keys[u - 1])) {
			data[u] = (const uint8_t *)&keys[u];
			u++;
		}
		slot[k] = (uint16_t)(u - 1);
		idx[k++] = i;
	}
	if (k == 0)
		return;
	if (c->pol->acl)
		rte_acl_classify(c->pol->acl, data, results, u, 1);
	for (uint16_t j = 0; j < k; j++)
		decide(c, &meta[idx[j]], c->pol->acl ? results[slot[j]] : 0);
}
