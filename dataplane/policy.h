/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_POLICY_H
#define VG_POLICY_H

/*
 * A compiled policy: the rules of one config as an rte_acl context, the
 * default action, whether grants are required, a hit counter per rule,
 * each guest's rate limit as meter profiles (the buckets are the
 * worker's, meters.h) and its eBPF programs, loaded and verified, with
 * their counters, and its payload signatures compiled for the rules that
 * inspect (signatures.h).
 * Immutable once built except for the counters; published with one
 * pointer swap and freed after RCU quiescence (reload.c).
 */

#include <stdbool.h>
#include <stdint.h>

#include "bpf_prog.h"
#include "meter.h"
#include "signatures.h"
#include "vg_config.h"

struct rte_acl_ctx;

/* One of cfg->programs, loaded. */
struct dp_program {
	struct vg_bpf_prog prog;
	uint64_t runs, drops;          /* written by the worker only */
};

struct dp_policy {
	const struct vg_config *cfg;   /* owned */
	struct rte_acl_ctx *acl;       /* NULL when there are no rules */
	uint32_t n_rules;
	uint32_t n_acl_entries;
	uint64_t *rule_hits;           /* per rule; written by the worker only */
	struct meter_profile *rate_limits;  /* per guest; no rate: no limit */
	struct dp_program *programs;   /* as cfg->programs */
	uint32_t n_programs;
	bool attached_programs;        /* the policy, a guest or an allow rule names some */
	struct dp_signatures signatures;
	enum vg_action default_action;
	bool attestation_required;
	bool stateful_rules;           /* some allow rule is stateful */
	uint64_t generation;
	uint64_t build_ns;             /* how long compiling took */
};

/* Compiles cfg, taking ownership of it on success. Counters of rules,
 * programs and signatures with the same name in prev (may be NULL) carry over. NULL and
 * *err when it cannot be built (a message valid until the next build; a
 * program that cannot be loaded reads "FILE: program 'x': why", a
 * signature "FILE: signature 'x': why"); cfg then
 * stays the caller's. Control thread only. */
struct dp_policy *dp_policy_build(const struct vg_config *cfg,
				  const struct dp_policy *prev, const char **err);
void dp_policy_free(struct dp_policy *p);

#endif
