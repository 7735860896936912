/* SPDX-License-Identifier: BSD-3-Clause */
#include "grants.h"

#include <errno.h>

#include <rte_malloc.h>

#include "pkt_meta.h"

struct dp_grants *dp_grants_new(uint16_t n_guests, uint64_t tsc_hz)
{
	struct dp_grants *g = rte_zmalloc("vg_grants", sizeof(*g), 0);

	if (g) {
		g->n = n_guests;
		g->tsc_hz = tsc_hz;
	}
	return g;
}

void dp_grants_free(struct dp_grants *g)
{
	rte_free(g);
}

static void set_pair(struct dp_grants *g, uint16_t a, uint16_t b, uint64_t expiry)
{
	__atomic_store_n(&g->expiry[a][b], expiry, __ATOMIC_RELAXED);
	__atomic_store_n(&g->expiry[b][a], expiry, __ATOMIC_RELAXED);
}

int dp_grants_add(struct dp_grants *g, uint16_t a, uint16_t b, uint32_t ttl_s,
		  uint64_t now_tsc)
{
	if (a >= g->n || b >= g->n || a == b)
		return -EINVAL;
	set_pair(g, a, b, ttl_s ? now_tsc + (uint64_t)ttl_s * g->tsc_hz : GRANT_FOREVER);
	return 0;
}

int dp_grants_revoke(struct dp_grants *g, uint16_t a, uint16_t b, uint64_t now_tsc)
{
	int revoked = 0;

	if (a >= g->n || (b != VG_GUEST_NONE && (b >= g->n || b == a)))
		return -EINVAL;
	for (uint16_t i = 0; i < g->n; i++) {
		if (i == a || (b != VG_GUEST_NONE && i != b))
			continue;
		revoked += dp_grant_live(g, a, i, now_tsc);
		set_pair(g, a, i, 0);
	}
	return revoked;
}
