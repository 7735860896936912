/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_TEST_DP_FIXTURE_H
#define VG_TEST_DP_FIXTURE_H

/*
 * What dataplane tests that touch DPDK share: EAL started once per test
 * program (no hugepages, no devices, one lcore, a file prefix of its own),
 * a small pool of mbufs for crafted frames, and the dataplane's tables
 * built from policy text the way vmgate-dataplane builds them at start.
 */

#include <stddef.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "ct_table.h"
#include "grants.h"
#include "meters.h"
#include "policy.h"
#include "sig_events.h"
#include "topology.h"
#include "vg_config.h"

/* Suite init and cleanup functions: 0 on success, -1 on failure. */
int dp_eal_start(void);
int dp_eal_stop(void);

/* A new mbuf holding a copy of len bytes of frame; NULL when the pool is
 * empty. The caller frees it (rte_pktmbuf_free). */
struct rte_mbuf *dp_mbuf(const uint8_t *frame, size_t len);

/* Policy text as a validated config (named "test.conf"); NULL, with the
 * problems printed, when it does not load. */
const struct vg_config *dp_config(const char *text);

struct dp_world {
	struct dp_topology *topo;
	struct dp_policy *pol;         /* owns the config */
	struct dp_grants *grants;      /* empty */
	struct ct_table *ct;           /* sessions: none yet */
	struct dp_meters *meters;      /* rate limit buckets, as the worker's */
	struct sig_events *events;     /* signature matches: none yet */
	uint64_t tsc_hz;
};

/* The topology, compiled policy, an empty grant table, an empty session
 * table (DP_TEST_CT_LIMITS, default timeouts), an empty event ring and
 * fresh meters of text, with grant lifetimes
 * and timeouts counted at tsc_hz ticks per second. 0, or -1 with the
 * reason printed. */
int dp_world_build(struct dp_world *w, const char *text, uint64_t tsc_hz);
void dp_world_free(struct dp_world *w);
/* A suite's setup and teardown around one world: the EAL started and w
 * built from text (0, or -1 with the EAL stopped again); then w freed and
 * the EAL stopped. */
int dp_suite_start(struct dp_world *w, const char *text, uint64_t tsc_hz);
int dp_suite_stop(struct dp_world *w);

/* Replaces w's session table with an empty one of these limits (NULL:
 * DP_TEST_CT_LIMITS); 0 or -1. */
int dp_world_sessions(struct dp_world *w, const struct ct_limits *limits);
#define DP_TEST_CT_LIMITS { .max_sessions = 1024, .per_guest = 512 }

/* A new file holding text in $TMPDIR (else the system's temporary
 * directory), its name in path; the caller unlinks it. 0 or -1. */
int dp_temp_file(char *path, size_t size, const char *text);

#endif
