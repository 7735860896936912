/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_GRANTS_H
#define VG_GRANTS_H

/*
 * Grants: which pairs of guests may currently talk, until when. A grant is
 * for the pair (both directions). The control thread writes an expiry, the
 * worker reads it per packet: single 64-bit loads and stores, no lock.
 * Packet and byte counters per direction are written by the worker only.
 */

#include <stdbool.h>
#include <stdint.h>

#include "topology.h"

#define GRANT_FOREVER UINT64_MAX

struct dp_grants {
	uint16_t n;
	uint64_t tsc_hz;
	uint64_t expiry[DP_MAX_GUESTS][DP_MAX_GUESTS];   /* TSC; 0: none */
	uint64_t packets[DP_MAX_GUESTS][DP_MAX_GUESTS];  /* a -> b */
	uint64_t bytes[DP_MAX_GUESTS][DP_MAX_GUESTS];
};

struct dp_grants *dp_grants_new(uint16_t n_guests, uint64_t tsc_hz);
void dp_grants_free(struct dp_grants *g);

/* Grants (a, b) for ttl_s seconds from now_tsc (0: until revoked).
 * 0, or -EINVAL for a bad index or a == b. */
int dp_grants_add(struct dp_grants *g, uint16_t a, uint16_t b, uint32_t ttl_s,
		  uint64_t now_tsc);
/* Revokes (a, b), or every grant of a when b is VG_GUEST_NONE. Returns the
 * number of live grants revoked, or -EINVAL. */
int dp_grants_revoke(struct dp_grants *g, uint16_t a, uint16_t b, uint64_t now_tsc);

static inline bool dp_grant_live(const struct dp_grants *g, uint16_t a,
				 uint16_t b, uint64_t now_tsc)
{
	return __atomic_load_n(&g->expiry[a][b], __ATOMIC_RELAXED) > now_tsc;
}

#endif
