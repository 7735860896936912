/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_SIGNATURES_H
#define VG_SIGNATURES_H

/*
 * The policy's payload signatures, compiled: one Hyperscan database per
 * allow rule that inspects (the rule's signatures, each under its index in
 * cfg->signatures), the worker's scratch space fitted to all of them, and
 * a match counter per signature. Built and freed with the policy
 * (policy.c) by the control thread; the worker only scans and counts.
 *
 * Functions return 0 or a negative errno.
 */

#include <stdbool.h>
#include <stdint.h>

#include "sig_set.h"
#include "vg_config.h"

/* One of cfg->signatures, with its counter. */
struct dp_signature {
	uint64_t matches;             /* written by the worker only */
};

struct dp_signatures {
	struct dp_signature *sig;     /* as cfg->signatures */
	uint32_t n;
	hs_database_t **rule_db;      /* per rule; NULL: the rule inspects nothing */
	uint32_t n_rules;
	/* The worker's: the dataplane has one worker (docs/dataplane.md), and
	 * allocating it here keeps allocation off the packet path. */
	hs_scratch_t *scratch;
	bool any;                     /* some allow rule inspects */
};

/* Compiles the signatures of cfg's inspecting rules into s. -EINVAL (or
 * -ENOTSUP) with "FILE: signature 'x': why" in *err when one cannot be
 * compiled; -ENOMEM. s is left for dp_signatures_free either way. */
int dp_signatures_build(struct dp_signatures *s, const struct vg_config *cfg,
			const char **err);
void dp_signatures_free(struct dp_signatures *s);

/* Match counters of same-named signatures in prev carry over to s. */
void dp_signatures_carry(struct dp_signatures *s, const struct vg_config *cfg,
			 const struct dp_signatures *prev, const struct vg_config *prev_cfg);

#endif
