/* SPDX-License-Identifier: BSD-3-Clause */
#include "counters.h"

#include <inttypes.h>

static const struct {
	const char *name;
	bool drop;
	const char *what;
} counter_info[SG_COUNTER_MAX] = {
#define SG_COUNTER_INFO(id, n, d, w) [SG_##id] = { .name = n, .drop = d, .what = w },
	SG_COUNTERS(SG_COUNTER_INFO)
#undef SG_COUNTER_INFO
};

void counters_print(const uint64_t *c, FILE *out)
{
	uint64_t drops = 0;

	for (int i = 0; i < SG_COUNTER_MAX; i++)
		if (counter_info[i].drop)
			drops += c[i];
	fprintf(out, "vmgate-simguest: rx %" PRIu64 " tx %" PRIu64 " drops %" PRIu64 "\n",
		c[SG_RX], c[SG_TX], drops);
	for (int i = 0; i < SG_COUNTER_MAX; i++) {
		if (i == SG_RX || i == SG_TX || !c[i])
			continue;
		fprintf(out, "  %-20s %10" PRIu64 "  %s\n", counter_info[i].name, c[i],
			counter_info[i].what);
	}
}
