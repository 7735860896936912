/* SPDX-License-Identifier: BSD-3-Clause */
/* Whether the policy has any reason to let two guests talk: an allow rule
 * between them, in either direction (the ACL then decides per packet). */
#include "authd.h"

static bool endpoint_has(const struct vg_config *cfg, const struct vg_endpoint *ep,
			 size_t guest)
{
	const struct vg_group *g;

	switch (ep->kind) {
	case VG_EP_ANY:
		return true;
	case VG_EP_GUEST:
		return ep->index == guest;
	case VG_EP_GROUP:
		g = &cfg->groups[ep->index];
		for (size_t i = 0; i < g->n_members; i++)
			if (g->members[i] == guest)
				return true;
		return false;
	}
	return false;
}

bool pair_allowed(const struct vg_config *cfg, size_t a, size_t b)
{
	if (a == b)
		return false;
	if (cfg->policy.default_action == VG_ACTION_ALLOW)
		return true;
	for (size_t i = 0; i < cfg->policy.n_rules; i++) {
		const struct vg_rule *r = &cfg->policy.rules[i];

		if (r->action != VG_ACTION_ALLOW)
			continue;
		if ((endpoint_has(cfg, &r->from, a) && endpoint_has(cfg, &r->to, b)) ||
		    (endpoint_has(cfg, &r->from, b) && endpoint_has(cfg, &r->to, a)))
			return true;
	}
	return false;
}
