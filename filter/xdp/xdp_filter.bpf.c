/* SPDX-License-Identifier: BSD-3-Clause */
/* The XDP engine's program: the DPDK pipeline's steps for one frame that a
 * guest's kernel interface received, with the same verdicts and drop
 * reasons: parse -> identity -> neigh (ARP/ND answered here) -> dst ->
 * sessions -> grant -> rules -> new session -> redirect to the
 * destination guest's interface. Anything not forwarded or answered is
 * dropped and counted, except frames to the control address, which go to
 * the host's stack. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "xdp_maps.h"

#define FRAME_MAX 1514
#define ETH_LEN 14
#define IPV4_END (ETH_LEN + 20)
#define IPV6_END (ETH_LEN + 40)
#define ARP_LEN 28
#define ND_FIRST 133
#define ND_SOLICIT 135
#define ND_ADVERT 136
#define ND_LAST 137
#define NA_LEN 32                       /* advert with a target link-layer option */
#define NS_MIN 24
#define NSEC 1000000000ull

enum kind { K_IPV4, K_IPV6, K_ARP };
enum frag { F_NONE, F_FIRST, F_LATER };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XDP_MAX_GUESTS);
	__type(key, __u32);
	__type(value, struct xdp_guest);
} vg_guests SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XDP_MAX_GUESTS);
	__type(key, __u32);                  /* ifindex */
	__type(value, __u32);                /* guest index */
} vg_ifaces SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 2 * XDP_MAX_GUESTS + 2);
	__type(key, struct xdp_addr_key);
	__type(value, __u32);                /* guest index or XDP_GATEWAY */
} vg_addrs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xdp_gateway);
} vg_gateway SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, XDP_MAX_GUESTS);
	__type(key, __u32);
	__type(value, __u32);
} vg_ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct xdp_policy);
} vg_policy SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2 * XDP_MAX_ENTRIES);
	__type(key, __u32);
	__type(value, struct xdp_rule_entry);
} vg_rules SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} vg_active SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XDP_MAX_GUESTS * (XDP_MAX_GUESTS - 1) / 2);
	__type(key, struct xdp_pair);
	__type(value, __u64);
} vg_grants SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, XDP_MAX_SESSIONS);
	__type(key, struct xdp_ct_key);
	__type(value, struct xdp_ct_val);
} vg_sessions SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XDP_CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} vg_counters SEC(".maps");

/* What the steps learn about the frame. */
struct pkt {
	void *data, *end;
	__u8 kind, l4_proto, frag, tcp_flags;
	__u16 l4_off;                        /* 0: no L4 header */
	__u16 sport, dport;                  /* ICMP: type, code */
	__u16 src, dst;
	__u16 echo_id;
	__u8 has_echo_id;
};

static __always_inline void count(__u32 slot)
{
	__u64 *c = bpf_map_lookup_elem(&vg_counters, &slot);

	if (c)
		*c += 1;
}

static __always_inline int drop(enum vg_drop_reason r)
{
	count(r);
	return XDP_DROP;
}

static __always_inline int mac_eq(const __u8 *a, const __u8 *b)
{
	return ((const __u16 *)a)[0] == ((const __u16 *)b)[0] &&
	       ((const __u16 *)a)[1] == ((const __u16 *)b)[1] &&
	       ((const __u16 *)a)[2] == ((const __u16 *)b)[2];
}

static __always_inline void mac_copy(__u8 *d, const __u8 *s)
{
	__builtin_memcpy(d, s, 6);
}

static __always_inline __u16 csum_fold(__u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)sum;
}

/* Step 1: parse. Returns -1 to go on, or a drop reason. */
static __always_inline int parse_l4(struct pkt *p, __u32 l4_len)
{
	void *l4 = p->data + p->l4_off;

	switch (p->l4_proto) {
	case IPPROTO_TCP: {
		struct tcphdr *t = l4;
		__u32 hlen;

		if (l4_len < sizeof(*t) || (void *)(t + 1) > p->end)
			return VG_DROP_TRUNCATED_L4;
		hlen = (__u32)t->doff * 4;
		if (hlen < sizeof(*t) || hlen > l4_len)
			return VG_DROP_BAD_L4_HEADER;
		p->sport = bpf_ntohs(t->source);
		p->dport = bpf_ntohs(t->dest);
		p->tcp_flags = ((__u8 *)t)[13];
		return -1;
	}
	case IPPROTO_UDP: {
		struct udphdr *u = l4;
		__u16 ulen;

		if (l4_len < sizeof(*u) || (void *)(u + 1) > p->end)
			return VG_DROP_TRUNCATED_L4;
		ulen = bpf_ntohs(u->len);
		if (ulen < sizeof(*u) || (p->frag == F_NONE && ulen > l4_len))
			return VG_DROP_BAD_L4_HEADER;
		p->sport = bpf_ntohs(u->source);
		p->dport = bpf_ntohs(u->dest);
		return -1;
	}
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6: {
		__u8 *b = l4;

		if (l4_len < 4 || (void *)(b + 4) > p->end)
			return VG_DROP_TRUNCATED_L4;
		p->sport = b[0];
		p->dport = b[1];
		if (l4_len >= 8 && (void *)(b + 8) <= p->end) {
			p->echo_id = (__u16)(b[4] << 8 | b[5]);
			p->has_echo_id = 1;
		}
		return -1;
	}
	default:
		return -1;
	}
}

static __always_inline int parse_ipv4(struct pkt *p, __u32 len)
{
	struct iphdr *ip = p->data + ETH_LEN;
	__u16 *w = (__u16 *)ip;
	__u32 sum = 0, total;
	__u16 frag;

	if ((void *)(ip + 1) > p->end)
		return VG_DROP_TRUNCATED_IPV4;
	if (ip->version != 4 || ip->ihl < 5)
		return VG_DROP_BAD_IPV4_HEADER;
	if (ip->ihl != 5)
		return VG_DROP_IPV4_OPTIONS;
#pragma unroll
	for (int i = 0; i < 10; i++)
		sum += w[i];
	if (csum_fold(sum) != 0xffff)
		return VG_DROP_BAD_IPV4_HEADER;
	total = bpf_ntohs(ip->tot_len);
	if (total < 20 || total > len - ETH_LEN)
		return VG_DROP_BAD_IPV4_LENGTH;
	p->kind = K_IPV4;
	p->l4_proto = ip->protocol;
	frag = bpf_ntohs(ip->frag_off);
	if (frag & 0x1fff) {
		p->frag = F_LATER;
		return -1;
	}
	if (frag & 0x2000)
		p->frag = F_FIRST;
	p->l4_off = IPV4_END;
	return parse_l4(p, total - 20);
}

static __always_inline int is_ipv6_extension(__u8 next)
{
	return next == 0 || next == 43 || next == 44 || next == 50 || next == 51 ||
	       next == 60 || next == 135 || next == 139 || next == 140;
}

static __always_inline int parse_ipv6(struct pkt *p, __u32 len)
{
	struct ipv6hdr *ip = p->data + ETH_LEN;
	__u32 payload, off = 40;
	__u8 next;

	if ((void *)(ip + 1) > p->end)
		return VG_DROP_TRUNCATED_IPV6;
	if (ip->version != 6)
		return VG_DROP_BAD_IPV6_HEADER;
	payload = bpf_ntohs(ip->payload_len);
	if (payload > len - IPV6_END)
		return VG_DROP_BAD_IPV6_LENGTH;
	p->kind = K_IPV6;
	next = ip->nexthdr;
	if (next == 44) {
		__u8 *fh = (__u8 *)(ip + 1);
		__u16 fo;

		if (payload < 8 || (void *)(fh + 8) > p->end)
			return VG_DROP_TRUNCATED_IPV6;
		fo = (__u16)(fh[2] << 8 | fh[3]);
		next = fh[0];
		off += 8;
		if (fo & 0xfff8) {
			p->l4_proto = next;
			p->frag = F_LATER;
			return -1;
		}
		p->frag = F_FIRST;
	}
	if (is_ipv6_extension(next))
		return VG_DROP_IPV6_EXTENSION;
	p->l4_proto = next;
	p->l4_off = (__u16)(ETH_LEN + off);
	return parse_l4(p, payload - (off - 40));
}

struct arp4 {
	__be16 htype, ptype;
	__u8 hlen, plen;
	__be16 op;
	__u8 sha[6];
	__u8 sip[4];
	__u8 tha[6];
	__u8 tip[4];
} __attribute__((packed));

static __always_inline int parse_frame(struct pkt *p)
{
	struct ethhdr *eth = p->data;
	__u32 len = (__u32)(p->end - p->data);
	__u16 type;

	if ((void *)(eth + 1) > p->end)
		return VG_DROP_TRUNCATED_ETH;
	if (len > FRAME_MAX)
		return VG_DROP_OVERSIZE;
	type = bpf_ntohs(eth->h_proto);
	if (type == ETH_P_8021Q || type == ETH_P_8021AD)
		return VG_DROP_VLAN;
	if (type == ETH_P_ARP) {
		struct arp4 *a = (void *)(eth + 1);

		if ((void *)(a + 1) > p->end || a->htype != bpf_htons(1) ||
		    a->ptype != bpf_htons(ETH_P_IP) || a->hlen != 6 || a->plen != 4 ||
		    (a->op != bpf_htons(1) && a->op != bpf_htons(2)))
			return VG_DROP_BAD_ARP;
		p->kind = K_ARP;
		return -1;
	}
	/* Group destinations: only neighbour solicitations go further. */
	if ((eth->h_dest[0] & 1) &&
	    !(type == ETH_P_IPV6 && eth->h_dest[0] == 0x33 && eth->h_dest[1] == 0x33 &&
	      eth->h_dest[2] == 0xff))
		return VG_DROP_MULTICAST;
	if (type == ETH_P_IP)
		return parse_ipv4(p, len);
	if (type == ETH_P_IPV6)
		return parse_ipv6(p, len);
	return VG_DROP_ETHERTYPE;
}

/* Step 2: identity. Returns -1 or a drop reason. */
static __always_inline int check_identity(struct pkt *p, const struct xdp_guest *g)
{
	struct ethhdr *eth = p->data;

	if ((void *)(eth + 1) > p->end || !mac_eq(eth->h_source, g->mac))
		return VG_DROP_SPOOF_MAC;
	if (p->kind == K_ARP) {
		struct arp4 *a = (void *)(eth + 1);
		__u32 sip;

		if ((void *)(a + 1) > p->end)
			return VG_DROP_BAD_ARP;
		if (!mac_eq(a->sha, g->mac))
			return VG_DROP_SPOOF_MAC;
		__builtin_memcpy(&sip, a->sip, 4);
		/* 0.0.0.0 is an address probe; neigh leaves it unanswered. */
		if (sip != 0 && !(g->has_ipv4 && sip == g->ipv4))
			return VG_DROP_SPOOF_IP;
		return -1;
	}
	if (p->kind == K_IPV4) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > p->end)
			return VG_DROP_TRUNCATED_IPV4;
		if (!g->has_ipv4 || ip->saddr != g->ipv4)
			return VG_DROP_SPOOF_IP;
		return -1;
	} else {
		struct ipv6hdr *ip = (void *)(eth + 1);
		const __u32 *s, *own = (const __u32 *)g->ipv6;

		if ((void *)(ip + 1) > p->end)
			return VG_DROP_TRUNCATED_IPV6;
		s = (const __u32 *)&ip->saddr;
		if (g->has_ipv6 && s[0] == own[0] && s[1] == own[1] && s[2] == own[2] &&
		    s[3] == own[3])
			return -1;
		/* Duplicate address detection speaks from ::, and is no spoof. */
		if (p->l4_proto == IPPROTO_ICMPV6 && !(s[0] | s[1] | s[2] | s[3]))
			return VG_DROP_BAD_ND;
		return VG_DROP_SPOOF_IP;
	}
}

static __always_inline __u32 owner_of(__u8 family, const void *addr)
{
	struct xdp_addr_key k = { .family = family };
	__u32 *o;

	__builtin_memcpy(k.addr, addr, family == 4 ? 4 : 16);
	o = bpf_map_lookup_elem(&vg_addrs, &k);
	return o ? *o : 0xffff;
}

static __always_inline const __u8 *mac_of(__u32 who)
{
	__u32 zero = 0;

	if (who == XDP_GATEWAY) {
		struct xdp_gateway *gw = bpf_map_lookup_elem(&vg_gateway, &zero);

		return gw ? gw->mac : 0;
	} else {
		struct xdp_guest *g = bpf_map_lookup_elem(&vg_guests, &who);

		return g ? g->mac : 0;
	}
}

/* Step 4: ARP requests for a configured owner get its MAC. */
static __always_inline int answer_arp(struct pkt *p)
{
	struct ethhdr *eth = p->data;
	struct arp4 *a = (void *)(eth + 1);
	const __u8 *owner_mac;
	__u32 owner, sip, tip;

	if ((void *)(a + 1) > p->end)
		return drop(VG_DROP_BAD_ARP);
	__builtin_memcpy(&sip, a->sip, 4);
	__builtin_memcpy(&tip, a->tip, 4);
	if (a->op != bpf_htons(1) || sip == 0)
		return drop(VG_DROP_ARP_UNANSWERED);
	owner = owner_of(4, &tip);
	if (owner == 0xffff || owner == p->src)
		return drop(VG_DROP_ARP_UNANSWERED);
	owner_mac = mac_of(owner);
	if (!owner_mac)
		return drop(VG_DROP_ARP_UNANSWERED);
	a->op = bpf_htons(2);
	__builtin_memcpy(a->tha, a->sha, 6);
	__builtin_memcpy(a->tip, a->sip, 4);
	mac_copy(a->sha, owner_mac);
	__builtin_memcpy(a->sip, &tip, 4);
	mac_copy(eth->h_dest, eth->h_source);
	mac_copy(eth->h_source, owner_mac);
	count(XDP_CNT_ANSWERED);
	return XDP_TX;
}

struct nd_advert {
	__u8 type, code;
	__u16 cksum;
	__u8 flags[4];
	__u8 target[16];
	__u8 opt_type, opt_len;
	__u8 lladdr[6];
};

/* Step 4: neighbour solicitations for a configured owner get an advert
 * with its MAC, written over the solicitation. */
static __always_inline int answer_ns(struct xdp_md *ctx, struct pkt *p)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ipv6hdr *ip = data + ETH_LEN;
	struct nd_advert *na = (void *)(ip + 1);
	struct ethhdr *eth = data;
	__u8 target[16];
	const __u8 *owner_mac;
	__u32 owner, sum = 0;
	__u16 *w;
	int grow;

	if (p->l4_off != IPV6_END || (void *)ip + 40 + NS_MIN > end ||
	    bpf_ntohs(ip->payload_len) < NS_MIN ||
	    ip->hop_limit != 255 || p->dport != 0)
		return drop(VG_DROP_BAD_ND);
	__builtin_memcpy(target, (__u8 *)ip + 48, 16);
	owner = owner_of(6, target);
	if (owner == 0xffff || owner == p->src)
		return drop(VG_DROP_BAD_ND);
	owner_mac = mac_of(owner);
	if (!owner_mac)
		return drop(VG_DROP_BAD_ND);
	/* The advert is ETH + IPv6 + 32 bytes; the solicitation may differ. */
	grow = (int)(ETH_LEN + 40 + NA_LEN) - (int)(end - data);
	if (grow && bpf_xdp_adjust_tail(ctx, grow))
		return drop(VG_DROP_BAD_ND);
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	eth = data;
	ip = data + ETH_LEN;
	na = (void *)(ip + 1);
	if ((void *)(na + 1) > end)
		return drop(VG_DROP_BAD_ND);
	mac_copy(eth->h_dest, eth->h_source);
	mac_copy(eth->h_source, owner_mac);
	__builtin_memcpy(&ip->daddr, &ip->saddr, 16);
	__builtin_memcpy(&ip->saddr, target, 16);
	ip->payload_len = bpf_htons(NA_LEN);
	ip->nexthdr = IPPROTO_ICMPV6;
	ip->hop_limit = 255;
	na->type = ND_ADVERT;
	na->code = 0;
	na->cksum = 0;
	na->flags[0] = 0x60;                 /* solicited, override */
	na->flags[1] = na->flags[2] = na->flags[3] = 0;
	__builtin_memcpy(na->target, target, 16);
	na->opt_type = 2;                    /* target link-layer address */
	na->opt_len = 1;
	mac_copy(na->lladdr, owner_mac);
	/* Pseudo-header (addresses, length, next header) and the advert. */
	w = (__u16 *)&ip->saddr;
#pragma unroll
	for (int i = 0; i < 16; i++)
		sum += w[i];
	sum += bpf_htons(NA_LEN) + bpf_htons(IPPROTO_ICMPV6);
	w = (__u16 *)na;
#pragma unroll
	for (int i = 0; i < NA_LEN / 2; i++)
		sum += w[i];
	na->cksum = (__u16)~csum_fold(sum);
	count(XDP_CNT_ANSWERED);
	return XDP_TX;
}

/* Grants: the pair a, b holds one that has not expired. */
static __always_inline int grant_live(__u16 a, __u16 b, __u64 now)
{
	struct xdp_pair k = { .a = a < b ? a : b, .b = a < b ? b : a };
	__u64 *expiry = bpf_map_lookup_elem(&vg_grants, &k);

	return expiry && *expiry > now;
}

/* Step 6: sessions. */
static __always_inline int ct_key_of(const struct pkt *p, struct xdp_ct_key *k,
				     int *src_ep)
{
	int ep = p->src < p->dst ? 0 : 1;

	if (p->frag == F_LATER || !p->l4_off)
		return 0;
	k->family = p->kind == K_IPV4 ? 4 : 6;
	k->proto = p->l4_proto;
	k->guest[ep] = p->src;
	k->guest[!ep] = p->dst;
	*src_ep = ep;
	if (p->l4_proto == IPPROTO_TCP || p->l4_proto == IPPROTO_UDP) {
		k->port[ep] = p->sport;
		k->port[!ep] = p->dport;
		return 1;
	}
	if (!p->has_echo_id)
		return 0;
	if ((p->kind == K_IPV4 && p->l4_proto == IPPROTO_ICMP &&
	     (p->sport == 8 || p->sport == 0)) ||
	    (p->kind == K_IPV6 && p->l4_proto == IPPROTO_ICMPV6 &&
	     (p->sport == 128 || p->sport == 129))) {
		k->port[0] = k->port[1] = p->echo_id;
		return 1;
	}
	return 0;
}

static __always_inline __u64 timeout_of(__u8 state)
{
	switch (state) {
	case XDP_CT_SYN_SENT: return 120 * NSEC;
	case XDP_CT_ESTABLISHED: return 7200 * NSEC;
	case XDP_CT_CLOSING: return 120 * NSEC;
	case XDP_CT_CLOSED: return 10 * NSEC;
	default: return 30 * NSEC;
	}
}

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_ACK 0x10

/* A session's verdict on a frame from direction dir: 1 passes it (the
 * session moved on), 0 leaves it to the rules (the session is gone or
 * does not hold it). */
static __always_inline int ct_follow(struct pkt *p, struct xdp_ct_key *k,
				     struct xdp_ct_val *s, int dir, __u64 now)
{
	__u8 f = p->tcp_flags & (TCP_FIN | TCP_SYN | TCP_RST | TCP_ACK);
	__u8 state = s->state;

	if (p->l4_proto == IPPROTO_TCP) {
		if (f & TCP_RST)
			state = XDP_CT_CLOSED;
		else if (f == TCP_SYN && (state == XDP_CT_CLOSED || state == XDP_CT_CLOSING)) {
			/* A new connection on the same ports: the rules again. */
			bpf_map_delete_elem(&vg_sessions, k);
			return 0;
		} else if (state == XDP_CT_SYN_SENT && dir == 1 &&
			   f == (TCP_SYN | TCP_ACK))
			state = XDP_CT_ESTABLISHED;
		else if ((f & TCP_FIN) && state != XDP_CT_CLOSED)
			state = XDP_CT_CLOSING;
	} else if (p->l4_proto != IPPROTO_UDP) {
		__u8 reply = s->orig_type == 8 ? 0 : 129;

		if (p->sport != (dir == 0 ? s->orig_type : reply))
			return 0;
	}
	s->state = state;
	s->expiry = now + timeout_of(state);
	return 1;
}

/* Step 8: rules, the first matching entry of the active slot. */
struct acl_walk {
	struct xdp_match key;
	__u32 base;
	__u32 found;                         /* entry index + 1 */
};

static long acl_step(__u32 i, void *arg)
{
	struct acl_walk *w = arg;
	__u32 idx = w->base + i;
	struct xdp_rule_entry *e = bpf_map_lookup_elem(&vg_rules, &idx);

	if (!e)
		return 1;
	if (xdp_entry_matches(e, &w->key)) {
		w->found = idx + 1;
		return 1;
	}
	return 0;
}

static __always_inline __u8 proto_flags(const struct pkt *p)
{
	__u8 f = p->frag == F_LATER ? XDP_F_LATER : 0;

	switch (p->l4_proto) {
	case IPPROTO_TCP: return f | XDP_P_TCP;
	case IPPROTO_UDP: return f | XDP_P_UDP;
	case IPPROTO_ICMP: return f | (p->kind == K_IPV4 ? XDP_P_ICMP : XDP_P_OTHER);
	case IPPROTO_ICMPV6: return f | (p->kind == K_IPV6 ? XDP_P_ICMPV6 : XDP_P_OTHER);
	default: return f | XDP_P_OTHER;
	}
}

static __always_inline int forward(__u16 dst)
{
	__u32 idx = dst;
	struct xdp_guest *g = bpf_map_lookup_elem(&vg_guests, &idx);

	if (!g || !g->ifindex)
		return drop(VG_DROP_PORT_DOWN);
	count(XDP_CNT_FORWARDED);
	return (int)bpf_redirect_map(&vg_ports, idx, 0);
}

SEC("xdp")
int vg_xdp(struct xdp_md *ctx)
{
	struct pkt p = {
		.data = (void *)(long)ctx->data,
		.end = (void *)(long)ctx->data_end,
	};
	__u32 ifindex = ctx->ingress_ifindex, zero = 0, *gi, *slot, idx;
	struct xdp_guest *me, *peer;
	struct xdp_policy *pol;
	struct xdp_ct_key k = {};
	struct xdp_ct_val *s;
	struct acl_walk w = {};
	struct xdp_rule_entry *e = 0;
	__u64 now = bpf_ktime_get_ns();
	int r, src_ep, flow, ct_new = 0;
	void *l3;

	gi = bpf_map_lookup_elem(&vg_ifaces, &ifindex);
	if (!gi)
		return XDP_DROP;                 /* not attached by this policy */
	idx = *gi;
	me = bpf_map_lookup_elem(&vg_guests, &idx);
	if (!me)
		return XDP_DROP;
	p.src = (__u16)idx;
	p.dst = 0xffff;

	r = parse_frame(&p);
	if (r >= 0)
		return drop(r);
	r = check_identity(&p, me);
	if (r >= 0)
		return drop(r);

	/* neigh */
	if (p.kind == K_ARP)
		return answer_arp(&p);
	if (p.kind == K_IPV6 && p.l4_proto == IPPROTO_ICMPV6 && p.l4_off &&
	    p.sport >= ND_FIRST && p.sport <= ND_LAST)
		return p.sport == ND_SOLICIT ? answer_ns(ctx, &p) : drop(VG_DROP_BAD_ND);
	if (((__u8 *)p.data)[0] & 1)
		return drop(VG_DROP_MULTICAST);

	/* dst */
	l3 = p.data + ETH_LEN;
	if (p.kind == K_IPV4) {
		struct iphdr *ip = l3;

		if ((void *)(ip + 1) > p.end)
			return drop(VG_DROP_TRUNCATED_IPV4);
		idx = owner_of(4, &ip->daddr);
	} else {
		struct ipv6hdr *ip = l3;

		if ((void *)(ip + 1) > p.end)
			return drop(VG_DROP_TRUNCATED_IPV6);
		idx = owner_of(6, &ip->daddr);
	}
	if (idx == 0xffff)
		return drop(VG_DROP_UNKNOWN_DST);
	if (idx == p.src)
		return drop(VG_DROP_HAIRPIN);
	{
		const __u8 *dmac = mac_of(idx);

		if (!dmac || !mac_eq(((struct ethhdr *)p.data)->h_dest, dmac))
			return drop(VG_DROP_DST_MISMATCH);
	}
	if (idx == XDP_GATEWAY) {
		count(XDP_CNT_TO_HOST);
		return XDP_PASS;
	}
	p.dst = (__u16)idx;
	peer = bpf_map_lookup_elem(&vg_guests, &idx);
	if (!peer)
		return drop(VG_DROP_UNKNOWN_DST);

	slot = bpf_map_lookup_elem(&vg_active, &zero);
	if (!slot)
		return XDP_DROP;
	idx = *slot & 1;
	pol = bpf_map_lookup_elem(&vg_policy, &idx);
	if (!pol)
		return XDP_DROP;

	/* conntrack */
	flow = ct_key_of(&p, &k, &src_ep);
	if (flow) {
		ct_new = 1;
		s = bpf_map_lookup_elem(&vg_sessions, &k);
		if (s && s->expiry <= now) {
			bpf_map_delete_elem(&vg_sessions, &k);
			s = 0;
		}
		if (s) {
			if (pol->attestation_required && !grant_live(p.src, p.dst, now))
				return drop(VG_DROP_NO_GRANT);
			if (ct_follow(&p, &k, s, src_ep == s->orig ? 0 : 1, now))
				return forward(p.dst);
		}
	}

	/* grant */
	if (pol->attestation_required && !grant_live(p.src, p.dst, now))
		return drop(VG_DROP_NO_GRANT);

	/* acl */
	w.key.proto_flags = proto_flags(&p);
	w.key.src = p.src;
	w.key.dst = p.dst;
	w.key.sport = p.sport;
	w.key.dport = p.dport;
	w.key.src_groups = me->groups;
	w.key.dst_groups = peer->groups;
	w.base = idx * XDP_MAX_ENTRIES;
	if (pol->n_entries)
		bpf_loop(pol->n_entries < XDP_MAX_ENTRIES ? pol->n_entries : XDP_MAX_ENTRIES,
			 acl_step, &w, 0);
	if (w.found) {
		idx = w.found - 1;
		e = bpf_map_lookup_elem(&vg_rules, &idx);
	}
	if (!e && p.frag == F_LATER)
		return drop(VG_DROP_FRAGMENT);
	if (e ? !e->allow : !pol->default_allow)
		return drop(e ? VG_DROP_ACL_DENY : VG_DROP_DEFAULT_DENY);

	/* ct_create */
	if (e && e->stateful && ct_new) {
		struct xdp_ct_val v = {
			.orig = (__u8)src_ep,
			.orig_type = (__u8)p.sport,
			.rule = e->rule,
		};

		if (p.l4_proto == IPPROTO_TCP) {
			if ((p.tcp_flags & (TCP_SYN | TCP_ACK | TCP_RST | TCP_FIN)) != TCP_SYN)
				return drop(VG_DROP_CT_NOT_SYN);
			v.state = XDP_CT_SYN_SENT;
		} else if (p.l4_proto == IPPROTO_UDP) {
			v.state = XDP_CT_UDP;
		} else if (p.sport == 8 || p.sport == 128) {
			v.state = XDP_CT_ICMP;
		}
		if (v.state) {
			v.expiry = now + timeout_of(v.state);
			bpf_map_update_elem(&vg_sessions, &k, &v, BPF_NOEXIST);
		}
	}
	return forward(p.dst);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
