/* SPDX-License-Identifier: BSD-3-Clause */
#include "meters.h"

#include <stdlib.h>

struct dp_meters *dp_meters_new(uint16_t n)
{
	struct dp_meters *ms = calloc(1, sizeof(*ms) + sizeof(ms->guest[0]) * n);

	if (ms)
		ms->n = n;
	return ms;
}

void dp_meters_free(struct dp_meters *ms)
{
	free(ms);
}

void dp_meters_follow(struct dp_meters *ms, const struct dp_policy *pol, uint64_t now)
{
	for (uint16_t i = 0; i < ms->n; i++) {
		const struct meter_profile *p = &pol->rate_limits[i];

		if (!meter_rate_equal(&ms->guest[i].rate, &p->rate))
			meter_start(&ms->guest[i], p, now);
	}
	ms->generation = pol->generation;
}
