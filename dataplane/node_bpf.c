/* SPDX-License-Identifier: BSD-3-Clause */
/* Step 9: eBPF programs. A frame between two guests that the policy lets
 * through (by a rule, the default or a session) meets the programs
 * attached to it, in order: the policy's, the sender's, the receiver's,
 * then those of the rule that allowed it (or opened its session). The
 * first that returns 0 drops it as bpf_drop, before ct_create, so it opens
 * no session. Each program sees a fresh copy of the frame's first bytes
 * (vmgate_bpf.h), so what one writes there no later one sees. Frames to
 * and from the gateway's control address are not theirs to judge. */
#include <string.h>

#include "counter.h"
#include "pipeline.h"

static void ctx_fill(struct vg_bpf_ctx *x, const struct rte_mbuf *pkt,
		     const struct pkt_meta *m)
{
	/* Chained mbufs were dropped as oversize: one segment holds it all. */
	uint32_t len = rte_pktmbuf_data_len(pkt);
	uint16_t n = len < VG_BPF_DATA_MAX ? (uint16_t)len : VG_BPF_DATA_MAX;

	x->len = len;
	x->src_guest = m->src;
	x->dst_guest = m->dst;
	x->l3_off = m->l3_off;
	x->l4_off = m->l4_off;
	x->l4_proto = m->l4_proto;
	x->family = m->kind == PKT_IPV6 ? 6 : 4;
	x->data_len = n;
	memcpy(x->data, rte_pktmbuf_mtod(pkt, const uint8_t *), n);
	memset(x->data + n, 0, VG_BPF_DATA_MAX - n);
}

/* Runs the programs of one list; false when one of them dropped the frame. */
static bool run_list(const struct pipeline_ctx *c, const uint32_t *progs, size_t n,
		     const struct rte_mbuf *pkt, struct pkt_meta *m)
{
	struct vg_bpf_ctx x;

	for (size_t j = 0; j < n; j++) {
		struct dp_program *p = &c->pol->programs[progs[j]];

		ctx_fill(&x, pkt, m);
		counter_add(&p->runs, 1);
		if (vg_bpf_prog_run(&p->prog, &x) == VG_BPF_DROP) {
			counter_add(&p->drops, 1);
			pkt_drop(m, VG_DROP_BPF_DROP);
			return false;
		}
	}
	return true;
}

static void filter(const struct pipeline_ctx *c, const struct rte_mbuf *pkt,
		   struct pkt_meta *m)
{
	const struct vg_config *cfg = c->pol->cfg;
	const struct vg_guest *src = &cfg->guests[m->src], *dst = &cfg->guests[m->dst];
	const struct vg_rule *r = m->rule ? &cfg->policy.rules[m->rule - 1] : NULL;

	if (run_list(c, cfg->policy.programs, cfg->policy.n_programs, pkt, m) &&
	    run_list(c, src->programs, src->n_programs, pkt, m) &&
	    run_list(c, dst->programs, dst->n_programs, pkt, m) && r)
		run_list(c, r->programs, r->n_programs, pkt, m);
}

void node_bpf(const struct pipeline_ctx *c, struct rte_mbuf **pkts,
	      struct pkt_meta *meta, uint16_t n)
{
	uint16_t guests = c->topo->n_guests;

	if (!c->pol->attached_programs)
		return;
	for (uint16_t i = 0; i < n; i++) {
		struct pkt_meta *m = &meta[i];

		if (m->verdict == VERDICT_TX && m->src < guests && m->dst < guests)
			filter(c, pkts[i], m);
	}
}
