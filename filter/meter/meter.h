/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_METER_H
#define VG_METER_H

/*
 * A rate limit as two trTCM meters (RFC 2698, rte_meter): one over bytes,
 * one over packets (each packet one unit). A profile is what a limit
 * compiles to and never changes; a meter is the buckets of one sender,
 * written by one thread only. Times are TSC cycles, as rte_meter counts
 * them (rte_get_tsc_hz() per second).
 *
 * Green and yellow conform, red does not: nothing downstream marks
 * frames, so the committed and the peak rate are both the limit's rate,
 * and their bursts both its burst.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_meter.h>

/* Rates of 0 do not limit in that unit. */
struct meter_rate {
	uint64_t bytes_per_s, burst_bytes;
	uint64_t packets_per_s, burst_packets;
};

struct meter_profile {
	struct meter_rate rate;
	struct rte_meter_trtcm_profile bytes, packets;
};

struct meter {
	struct meter_rate rate;        /* of the profile the buckets were filled for */
	struct rte_meter_trtcm bytes, packets;
};

/* Compiles rate into p. 0, or -EINVAL when a rate has no burst. */
int meter_profile_init(struct meter_profile *p, const struct meter_rate *rate);

/* Whether p limits anything. */
static inline bool meter_profile_limits(const struct meter_profile *p)
{
	return p->rate.bytes_per_s || p->rate.packets_per_s;
}

/* Whether two rates are the same limit. */
bool meter_rate_equal(const struct meter_rate *a, const struct meter_rate *b);

/* Fills m's buckets for p at time now: a fresh meter conforms for a whole
 * burst. */
void meter_start(struct meter *m, const struct meter_profile *p, uint64_t now);

/* Whether a frame of len bytes at time now conforms to p (green or
 * yellow), taking its tokens when it does. The byte meter decides first,
 * so a frame it refuses takes no packet token; one the packet meter
 * refuses has taken its bytes. now never goes back. */
static inline bool meter_conforms(struct meter *m, struct meter_profile *p,
				  uint64_t now, uint32_t len)
{
	if (p->rate.bytes_per_s &&
	    rte_meter_trtcm_color_blind_check(&m->bytes, &p->bytes, now, len) == RTE_COLOR_RED)
		return false;
	return !p->rate.packets_per_s ||
	       rte_meter_trtcm_color_blind_check(&m->packets, &p->packets, now, 1) != RTE_COLOR_RED;
}

#endif
