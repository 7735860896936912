/* SPDX-License-Identifier: BSD-3-Clause */
#include "policy.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <rte_acl.h>
#include <rte_malloc.h>

#include "acl_compile.h"
#include "counter.h"
#include "pkt_meta.h"

/* The packet meter's burst: 10 ms of its rate, at least one receive
 * burst of frames. */
#define PACKET_BURST_DIVISOR 100

/* A guest's rate_limit in the meter's units: kbps are 1000 bits, burst_kb
 * 1024 bytes, never less than one frame of the MTU (a smaller bucket
 * could never pass such a frame). */
static struct meter_rate meter_rate_of(const struct vg_rate_limit *rl)
{
	struct meter_rate r = { 0 };
	uint64_t burst = rl->burst_kb * 1024;

	if (!rl->present)
		return r;
	if (rl->kbps) {
		r.bytes_per_s = rl->kbps * 1000 / 8;
		r.burst_bytes = burst > VG_FRAME_MAX ? burst : VG_FRAME_MAX;
	}
	if (rl->pps) {
		r.packets_per_s = rl->pps;
		r.burst_packets = rl->pps / PACKET_BURST_DIVISOR > VG_BURST
				  ? rl->pps / PACKET_BURST_DIVISOR : VG_BURST;
	}
	return r;
}

static int build_rate_limits(struct dp_policy *p, const struct vg_config *cfg)
{
	p->rate_limits = rte_zmalloc("vg_rate_limits",
				     sizeof(*p->rate_limits) * (cfg->n_guests + 1), 0);
	if (!p->rate_limits)
		return -ENOMEM;
	for (size_t i = 0; i < cfg->n_guests; i++) {
		struct meter_rate r = meter_rate_of(&cfg->guests[i].rate_limit);

		if (meter_profile_init(&p->rate_limits[i], &r) < 0)
			return -EINVAL;
	}
	return 0;
}

/* Loads every program the policy declares, attached or not: one that
 * cannot be loaded refuses the policy, with why in *err. */
static int load_programs(struct dp_policy *p, const struct vg_config *cfg, const char **err)
{
	static char why[512];

	p->programs = rte_zmalloc("vg_programs", sizeof(*p->programs) * (cfg->n_programs + 1), 0);
	if (!p->programs)
		return -ENOMEM;
	for (size_t i = 0; i < cfg->n_programs; i++) {
		const struct vg_program *prog = &cfg->programs[i];
		char msg[sizeof(why) - 64];

		if (vg_bpf_prog_load(&p->programs[i].prog, prog->object, prog->section, msg,
				     sizeof(msg)) < 0) {
			snprintf(why, sizeof(why), "%s: program '%s': %s", cfg->path, prog->name, msg);
			*err = why;
			return -EINVAL;
		}
		p->n_programs = (uint32_t)i + 1;
	}
	p->attached_programs = cfg->policy.n_programs > 0;
	for (size_t i = 0; i < cfg->n_guests; i++)
		p->attached_programs |= cfg->guests[i].n_programs > 0;
	for (size_t i = 0; i < cfg->policy.n_rules; i++)
		p->attached_programs |= cfg->policy.rules[i].n_programs > 0 &&
					cfg->policy.rules[i].action == VG_ACTION_ALLOW;
	return 0;
}

static void unload_programs(struct dp_policy *p)
{
	for (uint32_t i = 0; i < p->n_programs; i++)
		vg_bpf_prog_unload(&p->programs[i].prog);
	rte_free(p->programs);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Counters of same-named rules, programs and signatures survive a reload, so they
 * read as totals. */
static void carry_counters(struct dp_policy *p, const struct dp_policy *prev)
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
	for (uint32_t i = 0; i < p->n_programs; i++)
		for (uint32_t j = 0; j < prev->n_programs; j++)
			if (strcmp(p->cfg->programs[i].name, prev->cfg->programs[j].name) == 0) {
				p->programs[i].runs = counter_read(&prev->programs[j].runs);
				p->programs[i].drops = counter_read(&prev->programs[j].drops);
				break;
			}
	dp_signatures_carry(&p->signatures, p->cfg, &prev->signatures, prev->cfg);
}

struct dp_policy *dp_policy_build(const struct vg_config *cfg,
				  const struct dp_policy *prev, const char **err)
{
	static uint64_t generation;
	uint64_t start = now_ns();
	struct dp_policy *p;
	int r;

	*err = "out of memory";
	p = rte_zmalloc("vg_policy", sizeof(*p), 0);
	if (!p)
		return NULL;
	p->generation = ++generation;
	p->n_rules = (uint32_t)cfg->policy.n_rules;
	p->rule_hits = rte_zmalloc("vg_rule_hits", sizeof(uint64_t) * (p->n_rules + 1), 0);
	if (!p->rule_hits)
		goto fail;
	r = build_rate_limits(p, cfg);
	if (r < 0) {
		if (r == -EINVAL)
			*err = "a rate limit cannot be metered";
		goto fail;
	}
	if (acl_compile(cfg, p->generation, &p->acl, &p->n_acl_entries, err) < 0)
		goto fail;
	*err = "out of memory";
	if (load_programs(p, cfg, err) < 0)
		goto fail;
	p->cfg = cfg;
	p->default_action = cfg->policy.default_action;
	p->attestation_required = cfg->attestation.required;
	for (uint32_t i = 0; i < p->n_rules; i++)
		p->stateful_rules |= cfg->policy.rules[i].stateful &&
				     cfg->policy.rules[i].action == VG_ACTION_ALLOW;
	if (dp_signatures_build(&p->signatures, cfg, err) < 0)
		goto fail;
	carry_counters(p, prev);
	p->build_ns = now_ns() - start;
	*err = NULL;
	return p;
fail:
	dp_signatures_free(&p->signatures);
	unload_programs(p);
	rte_acl_free(p->acl);
	rte_free(p->rate_limits);
	rte_free(p->rule_hits);
	rte_free(p);
	return NULL;
}

void dp_policy_free(struct dp_policy *p)
{
	if (!p)
		return;
	rte_acl_free(p->acl);
	unload_programs(p);
	dp_signatures_free(&p->signatures);
	rte_free(p->rule_hits);
	rte_free(p->rate_limits);
	vg_config_free(p->cfg);
	rte_free(p);
}
