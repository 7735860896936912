/* SPDX-License-Identifier: BSD-3-Clause */
/* Step 10: payload signatures. A TCP or UDP frame a rule with `inspect`
 * allowed (or a session of that rule passed) has its L4 payload scanned
 * for the rule's signatures, one frame at a time (a pattern split across
 * segments is not seen). Each signature found counts a match and records
 * an event; a `drop` signature drops the frame as `signature` and removes
 * its session, so the flow's later frames meet the rules again (and a
 * stateful rule's TCP segments that are no SYN are dropped as ct_not_syn).
 * Before ct_create: a dropped frame opens no session. */
#include <netinet/in.h>
#include <string.h>

#include "counter.h"
#include "ct_frame.h"
#include "pipeline.h"

struct scan {
	const struct pipeline_ctx *c;
	const struct pkt_meta *m;
	const struct vg_rule *rule;
	bool drop;
};

static const char *guest_name(const struct pipeline_ctx *c, uint16_t g)
{
	return g < c->topo->n_guests ? c->topo->guests[g].name : "gateway";
}

static void record(const struct scan *s, const struct vg_signature *sig)
{
	const struct pkt_meta *m = s->m;
	struct sig_event e = {
		.tsc = s->c->now, .src = m->src, .dst = m->dst, .sport = m->sport,
		.dport = m->dport, .proto = m->l4_proto, .action = (uint8_t)sig->action,
	};

	/* Names are at most VG_NAME_MAX: the copies end in the zeroed byte. */
	strncpy(e.signature, sig->name, VG_NAME_MAX);
	strncpy(e.rule, s->rule->name, VG_NAME_MAX);
	sig_events_record(s->c->events, &e, guest_name(s->c, m->src), guest_name(s->c, m->dst));
}

static int on_match(unsigned id, void *arg)
{
	struct scan *s = arg;
	const struct vg_signature *sig = &s->c->pol->cfg->signatures[id];

	counter_add(&s->c->pol->signatures.sig[id].matches, 1);
	if (s->c->events)
		record(s, sig);
	if (sig->action != VG_SIG_DROP)
		return 0;
	s->drop = true;
	return 1;              /* dropped: the other signatures need not look */
}

/* The L4 payload of m: TCP or UDP, to the end of the IP packet (not of
 * the frame, which may carry Ethernet padding). Lengths were checked by
 * node_parse. */
static uint32_t payload_of(const uint8_t *frame, uint32_t frame_len,
			   const struct pkt_meta *m, uint32_t *off)
{
	const uint8_t *ip = frame + m->l3_off;
	uint32_t end = m->kind == PKT_IPV4
		       ? m->l3_off + (uint32_t)(ip[2] << 8 | ip[3])          /* total length */
		       : m->l3_off + 40u + (uint32_t)(ip[4] << 8 | ip[5]);  /* payload length */

	*off = m->l4_off + (m->l4_proto == IPPROTO_TCP
			    ? (uint32_t)(frame[m->l4_off + 12] >> 4) * 4 : 8u);
	if (end > frame_len)
		end = frame_len;
	return end > *off ? end - *off : 0;
}

/* The session that passed m, if it is still there: removed. */
static void kill_session(const struct pipeline_ctx *c, const uint8_t *frame,
			 const struct pkt_meta *m)
{
	struct ct_session *s;
	struct ct_key k;
	int src_ep;

	if (ct_frame_key(frame, m, &k, &src_ep) != CT_FRAME_FLOW)
		return;
	s = ct_lookup(c->ct, &k, ct_hash(&k), c->now);
	if (s)
		ct_remove(c->ct, s);
}

static void inspect(const struct pipeline_ctx *c, struct rte_mbuf *pkt, struct pkt_meta *m,
		    const hs_database_t *db)
{
	/* Chained mbufs were dropped as oversize: one segment holds it all. */
	const uint8_t *frame = rte_pktmbuf_mtod(pkt, const uint8_t *);
	struct scan s = { .c = c, .m = m, .rule = &c->pol->cfg->policy.rules[m->rule - 1] };
	uint32_t off, len = payload_of(frame, rte_pktmbuf_data_len(pkt), m, &off);
	int r;

	if (!len)
		return;
	/* The scratch fits every database of the policy, so a scan does not
	 * fail; if one ever did, the frame was not inspected: it does not
	 * pass uninspected. */
	r = sig_set_scan(db, c->pol->signatures.scratch, frame + off, len, on_match, &s);
	if (r < 0)
		return pkt_drop(m, VG_DROP_SIGNATURE);
	if (!s.drop)
		return;
	if (m->ct == PKT_CT_SESSION && c->ct)
		kill_session(c, frame, m);
	pkt_drop(m, VG_DROP_SIGNATURE);
}

void node_inspect(const struct pipeline_ctx *c, struct rte_mbuf **pkts,
		  struct pkt_meta *meta, uint16_t n)
{
	const struct dp_signatures *sigs = &c->pol->signatures;

	if (!sigs->any)
		return;
	for (uint16_t i = 0; i < n; i++) {
		struct pkt_meta *m = &meta[i];

		if (m->verdict == VERDICT_TX && m->rule && m->l4_off && sigs->rule_db[m->rule - 1] &&
		    (m->l4_proto == IPPROTO_TCP || m->l4_proto == IPPROTO_UDP))
			inspect(c, pkts[i], m, sigs->rule_db[m->rule - 1]);
	}
}
