/* SPDX-License-Identifier: BSD-3-Clause */
/* The policy as the XDP engine's map contents, and the refusal of what it
 * cannot enforce: a policy runs whole or not at all. */
#include "xdp_policy.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

__attribute__((format(printf, 4, 5)))
static int refuse(int error, char *err, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, size, fmt, ap);
	va_end(ap);
	return error;
}

int xdp_policy_check(const struct vg_config *cfg, char *err, size_t size)
{
	size_t attached = 0;
	int n;

	if (cfg->n_guests > XDP_MAX_GUESTS)
		return refuse(-E2BIG, err, size, "%s: %zu guests, the XDP engine holds %d",
			      cfg->path, cfg->n_guests, XDP_MAX_GUESTS);
	if (cfg->n_groups > XDP_MAX_GROUPS)
		return refuse(-E2BIG, err, size, "%s: %zu groups, the XDP engine holds %d",
			      cfg->path, cfg->n_groups, XDP_MAX_GROUPS);
	for (size_t i = 0; i < cfg->n_guests; i++) {
		const struct vg_guest *g = &cfg->guests[i];

		if (!g->interface)
			continue;
		attached++;
		if (g->rate_limit.present)
			return refuse(-EINVAL, err, size,
				      "%s:%u: guest '%s': rate_limit is not enforced by the XDP engine",
				      cfg->path, g->line, g->name);
		if (g->n_programs)
			return refuse(-EINVAL, err, size,
				      "%s:%u: guest '%s': eBPF programs are not run by the XDP engine",
				      cfg->path, g->line, g->name);
	}
	if (cfg->policy.n_programs)
		return refuse(-EINVAL, err, size,
			      "%s: policy: eBPF programs are not run by the XDP engine", cfg->path);
	if (attached == 0)
		return refuse(-EINVAL, err, size,
			      "%s: no guest has an 'interface': nothing for the XDP engine to attach to",
			      cfg->path);
	for (size_t i = 0; i < cfg->policy.n_rules; i++) {
		const struct vg_rule *r = &cfg->policy.rules[i];

		if (r->n_programs)
			return refuse(-EINVAL, err, size,
				      "%s:%u: rule '%s': eBPF programs are not run by the XDP engine",
				      cfg->path, r->line, r->name);
		if (r->n_inspect)
			return refuse(-EINVAL, err, size,
				      "%s:%u: rule '%s': payload signatures (inspect) are not searched by the XDP engine",
				      cfg->path, r->line, r->name);
	}
	n = xdp_rules_compile(cfg, NULL, XDP_MAX_ENTRIES);
	if (n < 0)
		return refuse(-E2BIG, err, size,
			      "%s: the rules expand to more than %d entries, the XDP engine's most",
			      cfg->path, XDP_MAX_ENTRIES);
	return 0;
}

void xdp_guest_of(const struct vg_config *cfg, size_t i, struct xdp_guest *g)
{
	const struct vg_guest *cg = &cfg->guests[i];

	memset(g, 0, sizeof(*g));
	memcpy(g->mac, cg->mac.bytes, 6);
	g->has_ipv4 = cg->has_ipv4;
	g->has_ipv6 = cg->has_ipv6;
	if (cg->has_ipv4)
		memcpy(&g->ipv4, cg->ipv4.addr, 4);
	if (cg->has_ipv6)
		memcpy(g->ipv6, cg->ipv6.addr, 16);
	for (size_t k = 0; k < cfg->n_groups && k < XDP_MAX_GROUPS; k++)
		for (size_t m = 0; m < cfg->groups[k].n_members; m++)
			if (cfg->groups[k].members[m] == i)
				g->groups |= 1u << k;
}

static unsigned char proto_bit(enum vg_proto p)
{
	switch (p) {
	case VG_PROTO_TCP: return XDP_P_TCP;
	case VG_PROTO_UDP: return XDP_P_UDP;
	case VG_PROTO_ICMP: return XDP_P_ICMP;
	case VG_PROTO_ICMPV6: return XDP_P_ICMPV6;
	default: return 0;
	}
}

static void set_endpoint(const struct vg_endpoint *ep, __u8 *kind, __u32 *v)
{
	*kind = ep->kind == VG_EP_GUEST ? XDP_EP_GUEST
	      : ep->kind == VG_EP_GROUP ? XDP_EP_GROUP : XDP_EP_ANY;
	*v = ep->kind == VG_EP_GROUP ? 1u << ep->index : ep->index;
}

/* Source ranges of a rule: ports, or ICMP types as one-value ranges. */
static size_t source_ranges(const struct vg_rule *r, size_t s, __u16 *lo, __u16 *hi)
{
	bool icmp = r->proto == VG_PROTO_ICMP || r->proto == VG_PROTO_ICMPV6;
	size_t n = icmp ? r->n_icmp_types : r->n_src_ports;

	*lo = 0;
	*hi = 65535;
	if (n && s < n) {
		*lo = icmp ? r->icmp_types[s] : r->src_ports[s].lo;
		*hi = icmp ? r->icmp_types[s] : r->src_ports[s].hi;
	}
	return n ? n : 1;
}

/* One entry per source range x destination range, as the DPDK engine's
 * ACL compiler expands a rule. */
int xdp_rules_compile(const struct vg_config *cfg, struct xdp_rule_entry *out,
		      size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < cfg->policy.n_rules; i++) {
		const struct vg_rule *r = &cfg->policy.rules[i];
		__u16 slo, shi;
		size_t ns = source_ranges(r, 0, &slo, &shi);
		size_t nd = r->n_ports ? r->n_ports : 1;

		for (size_t s = 0; s < ns; s++) {
			for (size_t d = 0; d < nd; d++, n++) {
				struct xdp_rule_entry *e;

				if (n >= max)
					return -E2BIG;
				if (!out)
					continue;
				e = &out[n];
				memset(e, 0, sizeof(*e));
				e->rule = (__u32)i + 1;
				e->proto_value = proto_bit(r->proto);
				e->proto_mask = proto_bit(r->proto) |
						(r->fragments ? 0 : XDP_F_LATER);
				set_endpoint(&r->from, &e->src_kind, &e->src);
				set_endpoint(&r->to, &e->dst_kind, &e->dst);
				source_ranges(r, s, &e->sport_lo, &e->sport_hi);
				e->dport_lo = r->n_ports ? r->ports[d].lo : 0;
				e->dport_hi = r->n_ports ? r->ports[d].hi : 65535;
				e->allow = r->action == VG_ACTION_ALLOW;
				e->stateful = r->stateful;
			}
		}
	}
	return (int)n;
}

void xdp_policy_header(const struct vg_config *cfg, unsigned n_entries,
		       unsigned long long generation, struct xdp_policy *h)
{
	memset(h, 0, sizeof(*h));
	h->n_entries = n_entries;
	h->default_allow = cfg->policy.default_action == VG_ACTION_ALLOW;
	h->attestation_required = cfg->attestation.required;
	h->generation = generation;
}

const struct xdp_rule_entry *xdp_classify(const struct xdp_rule_entry *e, size_t n,
					  const struct xdp_match *k)
{
	for (size_t i = 0; i < n; i++)
		if (xdp_entry_matches(&e[i], k))
			return &e[i];
	return NULL;
}

unsigned char xdp_proto_flags(int family, unsigned char l4_proto, bool later_fragment)
{
	unsigned char f = later_fragment ? XDP_F_LATER : 0;

	switch (l4_proto) {
	case IPPROTO_TCP: return f | XDP_P_TCP;
	case IPPROTO_UDP: return f | XDP_P_UDP;
	case IPPROTO_ICMP: return f | (family == 4 ? XDP_P_ICMP : XDP_P_OTHER);
	case IPPROTO_ICMPV6: return f | (family == 6 ? XDP_P_ICMPV6 : XDP_P_OTHER);
	default: return f | XDP_P_OTHER;
	}
}

static bool same_string(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

bool xdp_topology_same(const struct vg_config *a, const struct vg_config *b)
{
	if (a->n_guests != b->n_guests ||
	    memcmp(a->gateway.control_mac.bytes, b->gateway.control_mac.bytes, 6) != 0 ||
	    a->gateway.has_control_ipv4 != b->gateway.has_control_ipv4 ||
	    a->gateway.has_control_ipv6 != b->gateway.has_control_ipv6 ||
	    (a->gateway.has_control_ipv4 &&
	     memcmp(a->gateway.control_ipv4.addr, b->gateway.control_ipv4.addr, 4) != 0) ||
	    (a->gateway.has_control_ipv6 &&
	     memcmp(a->gateway.control_ipv6.addr, b->gateway.control_ipv6.addr, 16) != 0))
		return false;
	for (size_t i = 0; i < a->n_guests; i++) {
		struct xdp_guest ga, gb;

		xdp_guest_of(a, i, &ga);
		xdp_guest_of(b, i, &gb);
		if (memcmp(&ga, &gb, sizeof(ga)) != 0 ||
		    !same_string(a->guests[i].interface, b->guests[i].interface))
			return false;
	}
	return true;
}
