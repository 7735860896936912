/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_XDP_POLICY_H
#define VG_XDP_POLICY_H

/*
 * A validated config as the XDP engine's map contents: each guest's
 * identity, the rules as first-match entries, the policy header. Pure C,
 * no kernel: the loader writes what these produce into the maps.
 *
 * Functions return 0 (or a count) on success and a negative errno on
 * failure, with a message of what the engine cannot enforce in err.
 */

#include <stdbool.h>
#include <stddef.h>

#include "vg_config.h"
#include "xdp_maps.h"

/* Whether the XDP engine can enforce cfg whole: guests and groups within
 * its maps, some guest with an interface, no rate limit on such a guest,
 * no eBPF programs or payload signatures in rules, rule entries within
 * XDP_MAX_ENTRIES. 0, or -EINVAL / -E2BIG with "FILE: what" in err. */
int xdp_policy_check(const struct vg_config *cfg, char *err, size_t size);

/* Guest i's identity (ifindex left 0). */
void xdp_guest_of(const struct vg_config *cfg, size_t i, struct xdp_guest *g);

/* The rules' entries, in order, into out (NULL: count only). Returns how
 * many, or -E2BIG when there are more than max. */
int xdp_rules_compile(const struct vg_config *cfg, struct xdp_rule_entry *out,
		      size_t max);

/* The policy header of cfg for n entries. */
void xdp_policy_header(const struct vg_config *cfg, unsigned n_entries,
		       unsigned long long generation, struct xdp_policy *h);

/* The first of n entries that matches k; NULL when none does. */
const struct xdp_rule_entry *xdp_classify(const struct xdp_rule_entry *e, size_t n,
					  const struct xdp_match *k);

/* The match key's protocol bits for an IP protocol of a family (4, 6). */
unsigned char xdp_proto_flags(int family, unsigned char l4_proto, bool later_fragment);

/* Whether a and b put the same guests (identities, groups, interfaces)
 * and the same gateway identity in the maps: a reload may change rules,
 * not who is where. */
bool xdp_topology_same(const struct vg_config *a, const struct vg_config *b);

#endif
