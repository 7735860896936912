/* SPDX-License-Identifier: BSD-3-Clause */
#include "ct_table.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_hash.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>

/* Like Linux's defaults, shorter where Linux keeps idle state for days:
 * an established TCP session lasts 2 h without traffic, not 5 days. */
const struct ct_timeouts CT_TIMEOUTS_DEFAULT = { .s = {
	[CT_SYN_SENT] = 120,
	[CT_SYN_RECV] = 60,
	[CT_ESTABLISHED] = 7200,
	[CT_FIN_WAIT] = 120,
	[CT_CLOSING] = 120,
	[CT_TIME_WAIT] = 120,
	[CT_CLOSED] = 10,
	[CT_UDP] = 30,
	[CT_ICMP] = 30,
} };

struct ct_table {
	struct rte_hash *hash;
	struct ct_session *slots;       /* by the hash's key position */
	uint32_t capacity;
	uint32_t per_guest;
	uint32_t cursor;                /* where ct_expire goes on */
	uint16_t n_guests;
	uint32_t *owned;                /* per guest: sessions it opened */
	uint64_t timeout_tsc[CT_STATE_MAX];
	uint64_t tsc_hz;
	struct ct_stats stats;
};

/* One writer, readers elsewhere: no read-modify-write needed. */
static void stat_add(uint64_t *c, int64_t v)
{
	__atomic_store_n(c, __atomic_load_n(c, __ATOMIC_RELAXED) + (uint64_t)v,
			 __ATOMIC_RELAXED);
}

struct ct_table *ct_table_new(const char *name, uint16_t n_guests,
			      const struct ct_limits *limits,
			      const struct ct_timeouts *timeouts, uint64_t tsc_hz,
			      int socket_id)
{
	struct rte_hash_parameters p = {
		.name = name,
		.entries = limits->max_sessions,
		.key_len = sizeof(struct ct_key),
		.hash_func = rte_hash_crc,
		.socket_id = socket_id,
		/* Buckets that overflow chain on: the table holds exactly
		 * max_sessions, whatever the keys. */
		.extra_flag = RTE_HASH_EXTRA_FLAGS_EXT_TABLE,
	};
	struct ct_table *t;

	if (limits->max_sessions < 8 || limits->per_guest == 0 || n_guests == 0 || tsc_hz == 0)
		return NULL;
	t = rte_zmalloc_socket("vg_ct", sizeof(*t), 0, socket_id);
	if (!t)
		return NULL;
	t->capacity = limits->max_sessions;
	t->n_guests = n_guests;
	t->tsc_hz = tsc_hz;
	t->hash = rte_hash_create(&p);
	t->slots = rte_zmalloc_socket("vg_ct_slots", sizeof(*t->slots) * t->capacity,
				      RTE_CACHE_LINE_SIZE, socket_id);
	t->owned = rte_zmalloc_socket("vg_ct_owned", sizeof(*t->owned) * n_guests, 0,
				      socket_id);
	if (!t->hash || !t->slots || !t->owned) {
		ct_table_free(t);
		return NULL;
	}
	ct_table_configure(t, limits->per_guest, timeouts);
	return t;
}

void ct_table_configure(struct ct_table *t, uint32_t per_guest,
			const struct ct_timeouts *timeouts)
{
	t->per_guest = per_guest ? per_guest : 1;
	for (int s = 0; s < CT_STATE_MAX; s++)
		t->timeout_tsc[s] = (uint64_t)timeouts->s[s] * t->tsc_hz;
}

void ct_table_free(struct ct_table *t)
{
	if (!t)
		return;
	rte_hash_free(t->hash);
	rte_free(t->slots);
	rte_free(t->owned);
	rte_free(t);
}

uint32_t ct_hash(const struct ct_key *k)
{
	return rte_hash_crc(k, sizeof(*k), 0);
}

struct ct_session *ct_lookup(struct ct_table *t, const struct ct_key *k,
			     uint32_t hash, uint64_t now)
{
	int32_t pos = rte_hash_lookup_with_hash(t->hash, k, hash);
	struct ct_session *s;

	if (pos < 0)
		return NULL;
	s = &t->slots[pos];
	if (s->expiry > now)
		return s;
	stat_add(&t->stats.expired, 1);
	ct_remove(t, s);
	return NULL;
}

int ct_insert(struct ct_table *t, const struct ct_key *k, uint32_t hash,
	      uint16_t owner, enum ct_state state, uint64_t now,
	      struct ct_session **out)
{
	struct ct_session *s;
	int32_t pos;

	if (owner >= t->n_guests)
		return -EINVAL;
	if (rte_hash_lookup_with_hash(t->hash, k, hash) >= 0)
		return -EEXIST;
	if (t->owned[owner] >= t->per_guest) {
		stat_add(&t->stats.guest_full, 1);
		return -EDQUOT;
	}
	pos = rte_hash_add_key_with_hash(t->hash, k, hash);
	if (pos < 0) {
		stat_add(&t->stats.table_full, 1);
		return -ENOSPC;
	}
	s = &t->slots[pos];
	memset(s, 0, sizeof(*s));
	s->key = *k;
	s->used = true;
	s->owner = owner;
	s->state = (uint8_t)state;
	s->expiry = now + t->timeout_tsc[state];
	t->owned[owner]++;
	stat_add(&t->stats.sessions, 1);
	stat_add(&t->stats.by_state[state], 1);
	stat_add(&t->stats.created, 1);
	*out = s;
	return 0;
}

void ct_refresh(struct ct_table *t, struct ct_session *s, enum ct_state state,
		uint64_t now)
{
	if (s->state != state) {
		stat_add(&t->stats.by_state[s->state], -1);
		stat_add(&t->stats.by_state[state], 1);
		if (state == CT_CLOSED || state == CT_TIME_WAIT)
			stat_add(&t->stats.closed, 1);
		s->state = (uint8_t)state;
	}
	s->expiry = now + t->timeout_tsc[state];
}

void ct_remove(struct ct_table *t, struct ct_session *s)
{
	if (!s->used)
		return;
	rte_hash_del_key(t->hash, &s->key);
	t->owned[s->owner]--;
	stat_add(&t->stats.sessions, -1);
	stat_add(&t->stats.by_state[s->state], -1);
	s->used = false;
}

unsigned ct_expire(struct ct_table *t, uint64_t now, unsigned budget)
{
	unsigned removed = 0;

	if (t->stats.sessions == 0)
		return 0;
	if (budget > t->capacity)
		budget = t->capacity;
	for (unsigned i = 0; i < budget; i++) {
		struct ct_session *s = &t->slots[t->cursor];

		if (++t->cursor == t->capacity)
			t->cursor = 0;
		if (s->used && s->expiry <= now) {
			ct_remove(t, s);
			removed++;
		}
	}
	if (removed)
		stat_add(&t->stats.expired, removed);
	return removed;
}

const struct ct_stats *ct_table_stats(const struct ct_table *t)
{
	return &t->stats;
}

uint32_t ct_table_capacity(const struct ct_table *t)
{
	return t->capacity;
}

const struct ct_session *ct_table_slot(const struct ct_table *t, uint32_t i)
{
	return i < t->capacity && t->slots[i].used ? &t->slots[i] : NULL;
}
