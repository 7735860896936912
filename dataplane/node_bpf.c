/* SPDX-License-Identifier: BSD-3-Clause */
/* Step 9: eBPF programs. A frame a rule allowed (or a session of that rule
 * passed) meets the rule's programs, in order: the first that returns 0
 * drops it as bpf_drop, before ct_create, so it opens no session. Each
 * program sees a copy of the frame's first bytes (vmgate_bpf.h), built
 * once per frame. */
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

static void filter(const struct pipeline_ctx *c, struct rte_mbuf *pkt, struct pkt_meta *m,
		   const struct vg_rule *r)
{
	struct vg_bpf_ctx x;

	ctx_fill(&x, pkt, m);
	for (size_t j = 0; j < r->n_programs; j++) {
		struct dp_program *p = &c->pol->programs[r->programs[j]];

		counter_add(&p->runs, 1);
		if (vg_bpf_prog_run(&p->prog, &x) == VG_BPF_DROP) {
			counter_add(&p->drops, 1);
			return pkt_drop(m, VG_DROP_BPF_DROP);
		}
	}
}

void node_bpf(const struct pipeline_ctx *c, struct rte_mbuf **pkts,
	      struct pkt_meta *meta, uint16_t n)
{
	const struct vg_rule *rules = c->pol->cfg->policy.rules;

	if (!c->pol->rule_programs)
		return;
	for (uint16_t i = 0; i < n; i++) {
		struct pkt_meta *m = &meta[i];

		if (m->verdict == VERDICT_TX && m->rule && rules[m->rule - 1].n_programs)
			filter(c, pkts[i], m, &rules[m->rule - 1]);
	}
}
