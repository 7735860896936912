/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_METERS_H
#define VG_METERS_H

/*
 * The buckets of each guest's rate limit: the worker's own (one writer, no
 * locks), while the profiles they are measured against come with the
 * published policy. They follow the policy the worker runs: on the first
 * burst under a new one, a guest whose limit changed starts afresh with a
 * full bucket, and every other guest keeps its buckets as they are.
 */

#include <stdint.h>

#include "meter.h"
#include "policy.h"

struct dp_meters {
	uint64_t generation;           /* of the policy followed; 0: none yet */
	uint16_t n;
	struct meter guest[];          /* per guest */
};

/* Meters for n guests, following no policy yet; NULL when out of memory. */
struct dp_meters *dp_meters_new(uint16_t n);
void dp_meters_free(struct dp_meters *ms);

/* Makes ms follow pol from time now (see above). */
void dp_meters_follow(struct dp_meters *ms, const struct dp_policy *pol, uint64_t now);

#endif
