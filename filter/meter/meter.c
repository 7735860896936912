/* SPDX-License-Identifier: BSD-3-Clause */
#include "meter.h"

#include <errno.h>
#include <string.h>

static int trtcm_profile(struct rte_meter_trtcm_profile *p, uint64_t rate,
			 uint64_t burst)
{
	struct rte_meter_trtcm_params params = {
		.cir = rate, .pir = rate, .cbs = burst, .pbs = burst,
	};

	if (!rate) {
		memset(p, 0, sizeof(*p));
		return 0;
	}
	return rte_meter_trtcm_profile_config(p, &params) == 0 ? 0 : -EINVAL;
}

int meter_profile_init(struct meter_profile *p, const struct meter_rate *rate)
{
	p->rate = *rate;
	if (trtcm_profile(&p->bytes, rate->bytes_per_s, rate->burst_bytes) < 0 ||
	    trtcm_profile(&p->packets, rate->packets_per_s, rate->burst_packets) < 0)
		return -EINVAL;
	return 0;
}

bool meter_rate_equal(const struct meter_rate *a, const struct meter_rate *b)
{
	return a->bytes_per_s == b->bytes_per_s && a->burst_bytes == b->burst_bytes &&
	       a->packets_per_s == b->packets_per_s && a->burst_packets == b->burst_packets;
}

/* rte_meter_trtcm_config() stamps the buckets with the TSC it reads
 * itself; ours is the caller's clock (the worker's, or a test's). */
static void fill(struct rte_meter_trtcm *m, struct rte_meter_trtcm_profile *p,
		 uint64_t now)
{
	rte_meter_trtcm_config(m, p);
	m->time_tc = now;
	m->time_tp = now;
}

void meter_start(struct meter *m, const struct meter_profile *p, uint64_t now)
{
	/* rte_meter takes profiles by non-const pointer, yet only reads them. */
	struct meter_profile *rw = (struct meter_profile *)(uintptr_t)p;

	memset(m, 0, sizeof(*m));
	m->rate = p->rate;
	if (p->rate.bytes_per_s)
		fill(&m->bytes, &rw->bytes, now);
	if (p->rate.packets_per_s)
		fill(&m->packets, &rw->packets, now);
}
