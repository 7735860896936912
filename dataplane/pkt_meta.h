/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_PKT_META_H
#define VG_PKT_META_H

/*
 * What the pipeline learns about one frame, kept beside the mbuf for the
 * length of a burst. The steps fill it in order: parse (kind, offsets,
 * ports), identity and destination (src, dst), conntrack (ct), ACL
 * (rule); any step may set the verdict to drop with a reason, after which
 * later steps skip it.
 */

#include <stdint.h>

#include "drop_reasons.h"

#define VG_FRAME_MAX 1514          /* MTU 1500, untagged, no FCS */
#define VG_BURST 32                /* frames per rx burst */
#define VG_GUEST_NONE 0xffff       /* src/dst: not a guest */
#define VG_GUEST_GATEWAY 0xfffe    /* src/dst: the gateway's control address */

enum pkt_kind { PKT_IPV4, PKT_IPV6, PKT_ARP };

enum pkt_verdict {
	VERDICT_CONTINUE,             /* still in the pipeline */
	VERDICT_DROP,                 /* reason says why */
	VERDICT_TX,                   /* to out_port */
};

enum pkt_frag { FRAG_NONE, FRAG_FIRST, FRAG_LATER };

/* What connection tracking made of a frame. */
enum pkt_ct {
	PKT_CT_UNTRACKED,             /* not looked up: no session could hold it */
	PKT_CT_NEW,                   /* no session: the rules decide, and may open one */
	PKT_CT_SESSION,               /* passed by its session (or one it relates to) */
};

/* TCP flags the pipeline looks at. */
#define VG_TCP_ACK 0x10
#define VG_TCP_SYN 0x02

struct pkt_meta {
	uint8_t kind;                 /* enum pkt_kind */
	uint8_t l4_proto;             /* IPPROTO_*; 0 for ARP */
	uint8_t tcp_flags;
	uint8_t frag;                 /* enum pkt_frag */
	uint16_t l3_off;              /* from the start of the frame */
	uint16_t l4_off;              /* 0: no L4 header (later fragment) */
	uint16_t sport, dport;        /* TCP/UDP; ICMP: type, code */
	uint16_t src, dst;            /* guest index or VG_GUEST_* */
	uint16_t out_port;            /* policy port index when VERDICT_TX */
	uint8_t verdict;              /* enum pkt_verdict */
	uint8_t reason;               /* enum vg_drop_reason when dropped */
	uint8_t ct;                   /* enum pkt_ct */
	uint32_t rule;                /* matching rule index + 1; 0: none */
};

static inline void pkt_drop(struct pkt_meta *m, enum vg_drop_reason r)
{
	m->verdict = VERDICT_DROP;
	m->reason = (uint8_t)r;
}

static inline void pkt_tx(struct pkt_meta *m, uint16_t port)
{
	m->verdict = VERDICT_TX;
	m->out_port = port;
}

#endif
