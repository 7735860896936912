/* SPDX-License-Identifier: BSD-3-Clause */
#include "xdp_sessions.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdlib.h>

#include <bpf/bpf.h>

#include "xdp_policy.h"

/* Whether the rules e would open the session k, v: its opener's packet
 * meets a stateful allow rule first. */
static bool still_opened(const struct vg_config *cfg, const struct xdp_rule_entry *e,
			 size_t n, const struct xdp_ct_key *k, const struct xdp_ct_val *v)
{
	int o = v->orig & 1;
	struct xdp_guest src, dst;
	struct xdp_match m = {
		.proto_flags = xdp_proto_flags(k->family, k->proto, false),
		.src = k->guest[o],
		.dst = k->guest[!o],
	};
	const struct xdp_rule_entry *hit;

	if (m.src >= cfg->n_guests || m.dst >= cfg->n_guests)
		return false;
	xdp_guest_of(cfg, m.src, &src);
	xdp_guest_of(cfg, m.dst, &dst);
	m.src_groups = src.groups;
	m.dst_groups = dst.groups;
	if (k->proto == IPPROTO_TCP || k->proto == IPPROTO_UDP) {
		m.sport = k->port[o];
		m.dport = k->port[!o];
	} else {
		m.sport = v->orig_type;
	}
	hit = xdp_classify(e, n, &m);
	return hit && hit->allow && hit->stateful;
}

int xdp_sessions_recheck(int fd, const struct vg_config *cfg)
{
	int n = xdp_rules_compile(cfg, NULL, XDP_MAX_ENTRIES), removed = 0;
	struct xdp_rule_entry *e;
	struct xdp_ct_key k, next;
	struct xdp_ct_val v;
	void *prev = NULL;

	if (fd < 0)
		return fd;
	if (n < 0)
		return n;
	e = calloc((size_t)n + 1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	xdp_rules_compile(cfg, e, XDP_MAX_ENTRIES);
	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		/* Deleting the current key would lose the walk's place. */
		if (prev && bpf_map_lookup_elem(fd, &k, &v) == 0 &&
		    !still_opened(cfg, e, (size_t)n, &k, &v) &&
		    bpf_map_delete_elem(fd, &k) == 0)
			removed++;
		k = next;
		prev = &k;
	}
	if (prev && bpf_map_lookup_elem(fd, &k, &v) == 0 &&
	    !still_opened(cfg, e, (size_t)n, &k, &v) && bpf_map_delete_elem(fd, &k) == 0)
		removed++;
	free(e);
	return removed;
}
