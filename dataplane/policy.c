/* SPDX-License-Identifier: BSD-3-Clause */
#include "policy.h"

#include <string.h>
#include <time.h>

#include <rte_acl.h>
#include <rte_malloc.h>

#include "acl_compile.h"

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Hits of same-named rules survive a reload, so counters read as totals. */
static void carry_hits(struct dp_policy *p, const struct dp_policy *prev)
{
	const struct vg_policy *now = &p->cfg->policy, *then;

	if (!prev)
		return;
	then = &prev->cfg->policy;
	for (uint32_t i = 0; i < p->n_rules; i++)
		for (uint32_t j = 0; j < prev->n_rules; j++)
			if (strcmp(now->rules[i].name, then->rules[j].name) == 0) {
				p->rule_hits[i] = __atomic_load_n(&prev->rule_hits[j],
								  __ATOMIC_RELAXED);
				break;
			}
}

struct dp_policy *dp_policy_build(const struct vg_config *cfg,
				  const struct dp_policy *prev, const char **err)
{
	static uint64_t generation;
	uint64_t start = now_ns();
	struct dp_policy *p;

	*err = "out of memory";
	p = rte_zmalloc("vg_policy", sizeof(*p), 0);
	if (!p)
		return NULL;
	p->generation = ++generation;
	p->n_rules = (uint32_t)cfg->policy.n_rules;
	p->rule_hits = rte_zmalloc("vg_rule_hits", sizeof(uint64_t) * (p->n_rules + 1), 0);
	if (!p->rule_hits ||
	    acl_compile(cfg, p->generation, &p->acl, &p->n_acl_entries, err) < 0) {
		rte_free(p->rule_hits);
		rte_free(p);
		return NULL;
	}
	p->cfg = cfg;
	p->default_action = cfg->policy.default_action;
	p->attestation_required = cfg->attestation.required;
	for (uint32_t i = 0; i < p->n_rules; i++)
		p->stateful_rules |= cfg->policy.rules[i].stateful &&
				     cfg->policy.rules[i].action == VG_ACTION_ALLOW;
	carry_hits(p, prev);
	p->build_ns = now_ns() - start;
	*err = NULL;
	return p;
}

void dp_policy_free(struct dp_policy *p)
{
	if (!p)
		return;
	rte_acl_free(p->acl);
	rte_free(p->rule_hits);
	vg_config_free(p->cfg);
	rte_free(p);
}
