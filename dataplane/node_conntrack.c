/* SPDX-License-Identifier: BSD-3-Clause */
/* Step 6: sessions. A frame of a session that a stateful rule opened
 * passes here, in either direction, without the rules; it still needs the
 * pair's live grant, so revoking a grant cuts established flows at once.
 * TCP segments must fit their session's state and windows. An ICMP error
 * quoting a session's packet passes as related. Everything else goes on
 * to the rules (and may open a session in node_ct_create). */
#include <netinet/in.h>
#include <stdbool.h>

#include <rte_acl.h>

#include "acl_key.h"
#include "counter.h"
#include "ct_frame.h"
#include "pipeline.h"

static uint16_t guest_of(const struct ct_session *s, int ep)
{
	return ep == 0 ? (uint16_t)(s->key.zone >> 8) : (uint16_t)(s->key.zone & 0xff);
}

/* The reply type of an ICMP echo request type. */
static uint8_t echo_reply(uint8_t request)
{
	return request == ICMP_ECHO_REQUEST ? ICMP_ECHO_REPLY : ICMPV6_ECHO_REPLY;
}

/* Whether the current policy would still open s: its opening packet is
 * classified again, and must meet a stateful allow rule (the same or
 * another). Done once per session after each reload; s then carries the
 * rule and the generation. */
static bool still_allowed(const struct pipeline_ctx *c, struct ct_session *s)
{
	const struct vg_policy *p = &c->pol->cfg->policy;
	struct pkt_meta open = {
		.kind = s->key.family == 4 ? PKT_IPV4 : PKT_IPV6,
		.l4_proto = s->key.proto,
		.tcp_flags = VG_TCP_SYN,
		.src = guest_of(s, s->orig),
		.dst = guest_of(s, !s->orig),
	};
	struct acl_key k;
	const uint8_t *data = (const uint8_t *)&k;
	uint32_t rule = 0;

	if (s->key.proto == IPPROTO_TCP || s->key.proto == IPPROTO_UDP) {
		open.sport = s->key.port[s->orig];
		open.dport = s->key.port[!s->orig];
	} else {
		open.sport = s->orig_type;
	}
	acl_key_build(c->topo, &open, &k);
	if (c->pol->acl)
		rte_acl_classify(c->pol->acl, &data, &rule, 1, 1);
	if (!rule || p->rules[rule - 1].action != VG_ACTION_ALLOW ||
	    !p->rules[rule - 1].stateful)
		return false;
	s->rule = rule;
	s->generation = c->pol->generation;
	return true;
}

/* The session's verdict on a frame from direction dir: true to pass (the
 * session moved on), false with m dropped or left to the rules. */
static bool follow(const struct pipeline_ctx *c, const uint8_t *frame,
		   struct ct_session *s, int dir, struct pkt_meta *m)
{
	enum ct_state state = s->state;
	struct ct_tcp_seg seg;

	switch (s->key.proto) {
	case IPPROTO_TCP:
		ct_frame_tcp(frame, m, &seg);
		switch (ct_tcp_track(&s->tcp, &state, dir, &seg)) {
		case CT_TCP_OK:
			break;
		case CT_TCP_INVALID:
			pkt_drop(m, VG_DROP_CT_INVALID);
			return false;
		case CT_TCP_OUT_OF_WINDOW:
			pkt_drop(m, VG_DROP_CT_OUT_OF_WINDOW);
			return false;
		case CT_TCP_REOPEN:
			ct_remove(c->ct, s);
			return false;
		}
		break;
	case IPPROTO_UDP:
		break;
	default:
		/* Requests one way, replies the other; anything else of the
		 * same id is no part of this session. */
		if (m->sport != (dir == 0 ? s->orig_type : echo_reply(s->orig_type)))
			return false;
		break;
	}
	ct_refresh(c->ct, s, state, c->now);
	return true;
}

static void track(const struct pipeline_ctx *c, struct rte_mbuf *pkt, struct pkt_meta *m)
{
	const uint8_t *frame = rte_pktmbuf_mtod(pkt, const uint8_t *);
	uint32_t len = rte_pktmbuf_pkt_len(pkt);
	enum ct_frame_kind kind;
	struct ct_session *s;
	struct ct_key k;
	int src_ep, dir;

	kind = ct_frame_key(frame, m, &k, &src_ep);
	if (kind == CT_FRAME_UNTRACKED)
		return;
	if (kind == CT_FRAME_FLOW)
		m->ct = PKT_CT_NEW;
	s = ct_lookup(c->ct, &k, ct_hash(&k), c->now);
	if (!s)
		return;
	if (c->pol->attestation_required && !dp_grant_live(c->grants, m->src, m->dst, c->now))
		return pkt_drop(m, VG_DROP_NO_GRANT);
	if (s->generation != c->pol->generation && !still_allowed(c, s)) {
		ct_remove(c->ct, s);
		return pkt_drop(m, VG_DROP_CT_POLICY);
	}
	dir = src_ep == s->orig ? 0 : 1;
	if (kind == CT_FRAME_FLOW && !follow(c, frame, s, dir, m))
		return;
	counter_add(&s->packets[dir], 1);
	counter_add(&s->bytes[dir], len);
	counter_add(&c->grants->packets[m->src][m->dst], 1);
	counter_add(&c->grants->bytes[m->src][m->dst], len);
	m->ct = PKT_CT_SESSION;
	m->rule = s->rule;
	pkt_tx(m, m->dst);
}

void node_conntrack(const struct pipeline_ctx *c, struct rte_mbuf **pkts,
		    struct pkt_meta *meta, uint16_t n)
{
	/* Without stateful rules and sessions, nothing here can match. */
	if (!c->ct || (!c->pol->stateful_rules && ct_table_stats(c->ct)->sessions == 0))
		return;
	for (uint16_t i = 0; i < n; i++)
		if (meta[i].verdict == VERDICT_CONTINUE)
			track(c, pkts[i], &meta[i]);
}
