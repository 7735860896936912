/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_XDP_MAPS_H
#define VG_XDP_MAPS_H

/*
 * What the XDP program and its loader share: the layout of every map, the
 * counter slots and how a frame is matched against one rule entry. Both
 * the BPF object (no C library) and user space include it, so it uses the
 * kernel's fixed-width types only. docs/xdp.md describes the maps.
 */

#include <linux/types.h>

#include "drop_reasons.h"

#define XDP_MAX_GUESTS 256          /* as the DPDK engine */
#define XDP_MAX_GROUPS 32           /* a group is one bit */
#define XDP_MAX_ENTRIES 4096        /* rule entries per policy slot */
#define XDP_MAX_SESSIONS 65536
#define XDP_GATEWAY 0xfffe          /* owner of the control address */
#define XDP_GRANT_FOREVER (~(__u64)0)

/* Counter slots: the dataplane's drop reasons, then what passed. */
enum xdp_counter {
	XDP_CNT_FORWARDED = VG_DROP_MAX,  /* redirected to the destination guest */
	XDP_CNT_ANSWERED,                 /* ARP and neighbour solicitations answered */
	XDP_CNT_TO_HOST,                  /* to the control address: the host's stack */
	XDP_CNT_MAX
};

/* Protocol bits of a match key (one per frame) and of a rule entry. */
#define XDP_P_TCP    0x01
#define XDP_P_UDP    0x02
#define XDP_P_ICMP   0x04
#define XDP_P_ICMPV6 0x08
#define XDP_P_OTHER  0x10
#define XDP_F_LATER  0x40           /* a non-first fragment: no ports */

enum xdp_ep_kind { XDP_EP_ANY, XDP_EP_GUEST, XDP_EP_GROUP };

/* vg_guests[guest index]: a guest's identity and where it is attached. */
struct xdp_guest {
	__u8 mac[6];
	__u8 has_ipv4, has_ipv6;
	__u32 ipv4;                     /* network order */
	__u8 ipv6[16];
	__u32 groups;                   /* bit k: member of group k */
	__u32 ifindex;                  /* 0: not attached */
};

/* vg_addrs key: an address a guest (or the gateway) owns. */
struct xdp_addr_key {
	__u8 family;                    /* 4 or 6 */
	__u8 pad[3];
	__u8 addr[16];                  /* IPv4 in the first 4 bytes */
};

/* vg_gateway[0]: the gateway's control identity. */
struct xdp_gateway {
	__u8 mac[6];
	__u8 pad[2];
};

/* vg_policy[slot]: one compiled policy; vg_active[0] names the slot the
 * program reads, so a reload fills the other and flips one word. */
struct xdp_policy {
	__u32 n_entries;                /* in vg_rules[slot * XDP_MAX_ENTRIES ...] */
	__u8 default_allow;
	__u8 attestation_required;
	__u8 pad[2];
	__u64 generation;
};

/* vg_rules: one (source range, destination range) of a rule, as the DPDK
 * engine's ACL entries: first match by order wins. */
struct xdp_rule_entry {
	__u32 rule;                     /* rule index + 1 */
	__u8 proto_value, proto_mask;   /* (key & mask) == value */
	__u8 src_kind, dst_kind;        /* enum xdp_ep_kind */
	__u32 src, dst;                 /* guest index, or the group's bit */
	__u16 sport_lo, sport_hi;       /* ICMP: type */
	__u16 dport_lo, dport_hi;       /* ICMP: code */
	__u8 allow, stateful;
	__u8 pad[2];
};

/* What a frame is matched on. */
struct xdp_match {
	__u8 proto_flags;
	__u8 pad;
	__u16 src, dst;                 /* guest indexes */
	__u16 sport, dport;
	__u16 pad2;
	__u32 src_groups, dst_groups;
};

/* vg_grants key: a pair of guests, a < b; the value is the expiry in
 * CLOCK_MONOTONIC nanoseconds (XDP_GRANT_FOREVER: until revoked). */
struct xdp_pair {
	__u16 a, b;
};

/* vg_sessions key: both directions of a flow find the same session. The
 * endpoints are guests, whose addresses are fixed, so the pair and the
 * family stand for both addresses. */
struct xdp_ct_key {
	__u8 family, proto;
	__u16 guest[2];                 /* guest[0] < guest[1] */
	__u16 port[2];                  /* each guest's port; ICMP echo: the id */
	__u16 pad;
};

enum xdp_ct_state { XDP_CT_SYN_SENT = 1, XDP_CT_ESTABLISHED, XDP_CT_CLOSING,
		    XDP_CT_CLOSED, XDP_CT_UDP, XDP_CT_ICMP };

struct xdp_ct_val {
	__u8 orig;                      /* the endpoint (0, 1) that opened it */
	__u8 orig_type;                 /* ICMP: the request's type */
	__u8 state;                     /* enum xdp_ct_state */
	__u8 pad;
	__u32 rule;                     /* the rule that opened it, index + 1 */
	__u64 expiry;                   /* CLOCK_MONOTONIC ns */
};

/* Whether entry e matches key k (the DPDK engine's ACL field semantics). */
static inline int xdp_entry_matches(const struct xdp_rule_entry *e,
				    const struct xdp_match *k)
{
	if ((k->proto_flags & e->proto_mask) != e->proto_value)
		return 0;
	if (e->src_kind == XDP_EP_GUEST && k->src != e->src)
		return 0;
	if (e->src_kind == XDP_EP_GROUP && !(k->src_groups & e->src))
		return 0;
	if (e->dst_kind == XDP_EP_GUEST && k->dst != e->dst)
		return 0;
	if (e->dst_kind == XDP_EP_GROUP && !(k->dst_groups & e->dst))
		return 0;
	return k->sport >= e->sport_lo && k->sport <= e->sport_hi &&
	       k->dport >= e->dport_lo && k->dport <= e->dport_hi;
}

#endif
