/* SPDX-License-Identifier: BSD-3-Clause */
/* Step 11: new sessions. A frame that a stateful rule allowed, and that no
 * session holds, opens one: only a TCP SYN may open a TCP session (any
 * other segment is dropped), only an echo request an ICMP one; UDP opens
 * with any datagram. A full table refuses new sessions and never evicts
 * one that exists. */
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>

#include "ct_frame.h"
#include "pipeline.h"

static bool is_echo_request(const struct pkt_meta *m)
{
	return m->sport == (m->kind == PKT_IPV4 ? ICMP_ECHO_REQUEST : ICMPV6_ECHO_REQUEST);
}

static void open_session(const struct pipeline_ctx *c, struct rte_mbuf *pkt,
			 struct pkt_meta *m)
{
	const uint8_t *frame = rte_pktmbuf_mtod(pkt, const uint8_t *);
	enum ct_state state = CT_UDP;
	struct ct_tcp_seg seg;
	struct ct_session *s;
	struct ct_key k;
	int src_ep, r;

	if (ct_frame_key(frame, m, &k, &src_ep) != CT_FRAME_FLOW)
		return;
	if (m->l4_proto == IPPROTO_TCP) {
		ct_frame_tcp(frame, m, &seg);
		if ((seg.flags & (CT_TCP_SYN | CT_TCP_ACK | CT_TCP_RST | CT_TCP_FIN)) != CT_TCP_SYN)
			return pkt_drop(m, VG_DROP_CT_NOT_SYN);
		state = CT_SYN_SENT;
	} else if (m->l4_proto != IPPROTO_UDP) {
		if (!is_echo_request(m))
			return;       /* other ICMP types pass by the rule alone */
		state = CT_ICMP;
	}
	r = ct_insert(c->ct, &k, ct_hash(&k), m->src, state, c->now, &s);
	if (r == -ENOSPC)
		return pkt_drop(m, VG_DROP_CT_TABLE_FULL);
	if (r == -EDQUOT)
		return pkt_drop(m, VG_DROP_CT_GUEST_FULL);
	if (r < 0)
		return;       /* -EEXIST: the burst carried the opener twice */
	s->orig = (uint8_t)src_ep;
	s->orig_type = (uint8_t)m->sport;
	s->rule = m->rule;
	s->generation = c->pol->generation;
	s->packets[0] = 1;
	s->bytes[0] = rte_pktmbuf_pkt_len(pkt);
	if (state == CT_SYN_SENT)
		ct_tcp_init(&s->tcp, &seg);
	m->ct = PKT_CT_SESSION;
}

void node_ct_create(const struct pipeline_ctx *c, struct rte_mbuf **pkts,
		    struct pkt_meta *meta, uint16_t n)
{
	const struct vg_rule *rules = c->pol->cfg->policy.rules;

	if (!c->ct || !c->pol->stateful_rules)
		return;
	for (uint16_t i = 0; i < n; i++) {
		struct pkt_meta *m = &meta[i];

		if (m->verdict == VERDICT_TX && m->ct == PKT_CT_NEW && m->rule &&
		    rules[m->rule - 1].stateful)
			open_session(c, pkts[i], m);
	}
}
