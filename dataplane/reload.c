/* SPDX-License-Identifier: BSD-3-Clause */
#include "reload.h"

#include <errno.h>
#include <stdio.h>

#include <rte_rcu_qsbr.h>

#include "ct_table.h"
#include "mirror.h"

void reload_publish_first(struct dataplane *dp, struct dp_policy *policy)
{
	__atomic_store_n(&dp->policy, policy, __ATOMIC_RELEASE);
}

static int refuse(struct dataplane *dp, const char *why)
{
	snprintf(dp->last_reload_error, sizeof(dp->last_reload_error), "%s", why);
	dp->reload_failures++;
	DP_LOG(WARNING, "reload refused, the running policy stays: %s", why);
	return -EINVAL;
}

int reload_policy(struct dataplane *dp, struct vg_diag *diag)
{
	size_t before = vg_diag_count(diag);
	const struct vg_config *cfg = vg_config_load(dp->config_path, diag);
	struct dp_policy *next, *old;
	const char *err;

	if (!cfg) {
		const struct vg_diag_entry *e = vg_diag_get(diag, before);
		char why[sizeof(dp->last_reload_error)];

		snprintf(why, sizeof(why), "%s:%u: %s", e ? e->file : dp->config_path,
			 e ? e->line : 0, e ? e->message : "invalid policy");
		return refuse(dp, why);
	}
	if (!dp_topology_same(dp->topo, cfg)) {
		vg_config_free(cfg);
		return refuse(dp, "the new policy changes guests, their groups or the "
				  "gateway's identity: restart the dataplane for that");
	}
	if (!dp_mirror_same_targets(dp->mirror, &cfg->mirror)) {
		vg_config_free(cfg);
		return refuse(dp, "the new policy adds, removes or changes the mirror's "
				  "targets (pcapng, tap): restart the dataplane for that");
	}
	if (dp->ct && cfg->conntrack.max_sessions != ct_table_capacity(dp->ct)) {
		vg_config_free(cfg);
		return refuse(dp, "the new policy changes conntrack.max_sessions (the "
				  "session table is allocated at start): restart the "
				  "dataplane for that");
	}
	next = dp_policy_build(cfg, dp->policy, &err);
	if (!next) {
		vg_config_free(cfg);
		return refuse(dp, err);
	}
	old = __atomic_exchange_n(&dp->policy, next, __ATOMIC_ACQ_REL);
	/* The worker may still be classifying with old until it reports
	 * quiescence (or sleeps offline). */
	rte_rcu_qsbr_synchronize(dp->qsbr, RTE_QSBR_THRID_INVALID);
	dp_policy_free(old);
	dp->reloads++;
	dp->last_reload_error[0] = '\0';
	DP_LOG(INFO, "policy %llu loaded: %u rules, %u ACL entries, built in %.1f ms",
	       (unsigned long long)next->generation, next->n_rules, next->n_acl_entries,
	       next->build_ns / 1e6);
	return 0;
}

void reload_release(struct dataplane *dp)
{
	dp_policy_free(dp->policy);
	dp->policy = NULL;
}
