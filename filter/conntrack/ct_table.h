/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_CT_TABLE_H
#define VG_CT_TABLE_H

/*
 * The session table: an rte_hash from a session's key to a session kept
 * in an array allocated whole at creation, so tracking never allocates.
 * One writer (the worker) does everything: lookups, inserts, expiry.
 * Other threads read only the counters (relaxed loads).
 *
 * Functions return 0 or a negative errno unless they say otherwise.
 */

#include <stdbool.h>
#include <stdint.h>

#include "ct_tcp.h"

/* A session is the same key seen from either side: endpoint 0 is the
 * guest with the lower index, so both directions find one key. */
struct ct_key {
	uint16_t zone;              /* the guest pair: low * 256 + high index */
	uint8_t proto;              /* IPPROTO_* */
	uint8_t family;             /* 4 or 6 */
	uint16_t port[2];           /* TCP/UDP ports; ICMP echo: the id, twice */
	uint8_t pad[8];             /* zero: keys are compared as bytes */
	uint8_t addr[2][16];        /* IPv4 in the first 4 bytes, rest zero */
};
_Static_assert(sizeof(struct ct_key) == 48, "no hidden padding in the key");

struct ct_session {
	struct ct_key key;
	uint8_t state;              /* enum ct_state */
	uint8_t orig;               /* endpoint (0 or 1) that opened it */
	uint8_t orig_type;          /* ICMP: the request type */
	bool used;
	uint16_t owner;             /* the opener's guest index */
	uint32_t rule;              /* the rule that allowed it: index + 1 */
	uint64_t generation;        /* of the policy that last allowed it */
	uint64_t expiry;            /* TSC */
	uint64_t packets[2], bytes[2];   /* from the opener, from the other */
	struct ct_tcp tcp;
};

/* Timeouts in seconds, by state. CT_TIMEOUTS_DEFAULT holds the defaults
 * of the policy's `conntrack.timeouts` (docs/config.md). */
struct ct_timeouts {
	uint32_t s[CT_STATE_MAX];
};
extern const struct ct_timeouts CT_TIMEOUTS_DEFAULT;

struct ct_limits {
	uint32_t max_sessions;      /* the whole table */
	uint32_t per_guest;         /* sessions one guest may have opened */
};

/* Counters: written by the worker, readable from any thread. */
struct ct_stats {
	uint64_t sessions;          /* now */
	uint64_t by_state[CT_STATE_MAX];   /* now */
	uint64_t created, expired, closed;
	uint64_t table_full;        /* refused: the table was full */
	uint64_t guest_full;        /* refused: the guest's share was full */
};

struct ct_table;

/* A table for n_guests guests, with the limits and timeouts given (copied)
 * and expiry counted at tsc_hz. NULL when out of memory or limits are 0. */
struct ct_table *ct_table_new(const char *name, uint16_t n_guests,
			      const struct ct_limits *limits,
			      const struct ct_timeouts *timeouts, uint64_t tsc_hz,
			      int socket_id);
void ct_table_free(struct ct_table *t);

/* New limits for a guest's share (the table's size stays) and new
 * timeouts, for sessions refreshed or opened from now on; sessions over a
 * smaller share stay. By the table's writer only. */
void ct_table_configure(struct ct_table *t, uint32_t per_guest,
			const struct ct_timeouts *timeouts);

/* The key's hash, to pass to lookup and insert. */
uint32_t ct_hash(const struct ct_key *k);

/* The live session of k, or NULL. An expired session is removed and not
 * returned. */
struct ct_session *ct_lookup(struct ct_table *t, const struct ct_key *k,
			     uint32_t hash, uint64_t now);

/* A new session of k opened by guest owner, in state, expiring after the
 * state's timeout. -EEXIST, -ENOSPC when the table is full, -EDQUOT when
 * the owner's share is; never evicts a session. */
int ct_insert(struct ct_table *t, const struct ct_key *k, uint32_t hash,
	      uint16_t owner, enum ct_state state, uint64_t now,
	      struct ct_session **out);

/* Moves s to state and renews its expiry from now. */
void ct_refresh(struct ct_table *t, struct ct_session *s, enum ct_state state,
		uint64_t now);

void ct_remove(struct ct_table *t, struct ct_session *s);

/* Looks at up to budget slots from where the last call stopped and
 * removes the expired sessions there; returns how many it removed. */
unsigned ct_expire(struct ct_table *t, uint64_t now, unsigned budget);

const struct ct_stats *ct_table_stats(const struct ct_table *t);
uint32_t ct_table_capacity(const struct ct_table *t);
/* The session in slot i (0 .. capacity - 1), or NULL when it is free. For
 * the worker, and for tests. */
const struct ct_session *ct_table_slot(const struct ct_table *t, uint32_t i);

#endif
