/* SPDX-License-Identifier: BSD-3-Clause */
#include "topology.h"

#include <stdio.h>
#include <string.h>

#include <rte_hash.h>
#include <rte_byteorder.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>

#include "pkt_meta.h"

static void identity_from(struct dp_identity *id, const struct vg_mac *mac,
			  bool has4, const struct vg_ip_prefix *v4,
			  bool has6, const struct vg_ip_prefix *v6)
{
	memcpy(id->mac.addr_bytes, mac->bytes, RTE_ETHER_ADDR_LEN);
	id->has_ipv4 = has4;
	id->has_ipv6 = has6;
	if (has4)
		memcpy(&id->ipv4, v4->addr, 4);
	if (has6)
		memcpy(id->ipv6, v6->addr, 16);
}

/* One table for both families: an IPv4 address is keyed as ::ffff:a.b.c.d,
 * so every key is 16 bytes (compared with SSE, hashed with CRC32). */
struct addr_key {
	uint32_t w[4];
};

static void key_ipv4(struct addr_key *k, uint32_t addr_be)
{
	k->w[0] = k->w[1] = 0;
	k->w[2] = rte_cpu_to_be_32(0xffff);
	k->w[3] = addr_be;
}

static struct rte_hash *address_table(void)
{
	static unsigned generation;
	char name[RTE_HASH_NAMESIZE];
	struct rte_hash_parameters params = {
		.entries = DP_MAX_GUESTS * 4,
		.key_len = sizeof(struct addr_key),
		.hash_func = rte_hash_crc,
		.socket_id = (int)rte_socket_id(),
	};

	snprintf(name, sizeof(name), "vg_addr_%u", generation++);
	params.name = name;
	return rte_hash_create(&params);
}

static int add_address(struct dp_topology *t, const struct dp_identity *id,
		       uint16_t who)
{
	struct addr_key k;
	int r = 0;

	if (id->has_ipv4) {
		key_ipv4(&k, id->ipv4);
		r = rte_hash_add_key_data(t->by_addr, &k, (void *)(uintptr_t)who);
	}
	if (r >= 0 && id->has_ipv6) {
		memcpy(k.w, id->ipv6, sizeof(k.w));
		r = rte_hash_add_key_data(t->by_addr, &k, (void *)(uintptr_t)who);
	}
	return r;
}

static uint64_t topologies;

struct dp_topology *dp_topology_build(const struct vg_config *cfg,
				      const char **err)
{
	struct dp_topology *t;

	*err = "out of memory";
	if (cfg->n_guests > DP_MAX_GUESTS) {
		*err = "the dataplane carries at most 256 guests";
		return NULL;
	}
	if (cfg->n_groups > DP_MAX_GROUPS) {
		*err = "the dataplane carries at most 32 groups";
		return NULL;
	}
	t = rte_zmalloc("vg_topology", sizeof(*t), 0);
	if (!t)
		return NULL;
	t->n_guests = (uint16_t)cfg->n_guests;
	t->id = __atomic_add_fetch(&topologies, 1, __ATOMIC_RELAXED);
	t->guests = rte_zmalloc("vg_guests", sizeof(*t->guests) * (cfg->n_guests + 1), 0);
	t->by_addr = address_table();
	if (!t->guests || !t->by_addr)
		goto fail;
	identity_from(&t->gateway, &cfg->gateway.control_mac,
		      cfg->gateway.has_control_ipv4, &cfg->gateway.control_ipv4,
		      cfg->gateway.has_control_ipv6, &cfg->gateway.control_ipv6);
	if (add_address(t, &t->gateway, VG_GUEST_GATEWAY) < 0)
		goto fail;
	for (uint16_t i = 0; i < t->n_guests; i++) {
		const struct vg_guest *g = &cfg->guests[i];
		struct dp_guest *d = &t->guests[i];

		snprintf(d->name, sizeof(d->name), "%s", g->name);
		identity_from(&d->id, &g->mac, g->has_ipv4, &g->ipv4, g->has_ipv6,
			      &g->ipv6);
		for (size_t k = 0; k < cfg->n_groups; k++)
			for (size_t j = 0; j < g->n_groups; j++)
				if (strcmp(g->groups[j], cfg->groups[k].name) == 0)
					d->groups |= 1u << k;
		if (add_address(t, &d->id, i) < 0)
			goto fail;
	}
	*err = NULL;
	return t;
fail:
	dp_topology_free(t);
	return NULL;
}

void dp_topology_free(struct dp_topology *t)
{
	if (!t)
		return;
	rte_hash_free(t->by_addr);
	rte_free(t->guests);
	rte_free(t);
}

static bool identity_equal(const struct dp_identity *a, const struct dp_identity *b)
{
	return rte_is_same_ether_addr(&a->mac, &b->mac) &&
	       a->has_ipv4 == b->has_ipv4 && a->has_ipv6 == b->has_ipv6 &&
	       (!a->has_ipv4 || a->ipv4 == b->ipv4) &&
	       (!a->has_ipv6 || memcmp(a->ipv6, b->ipv6, 16) == 0);
}

bool dp_topology_same(const struct dp_topology *t, const struct vg_config *cfg)
{
	const char *err;
	struct dp_topology *n = dp_topology_build(cfg, &err);
	bool same = n && n->n_guests == t->n_guests &&
		    identity_equal(&n->gateway, &t->gateway);

	for (uint16_t i = 0; same && i < t->n_guests; i++)
		same = strcmp(n->guests[i].name, t->guests[i].name) == 0 &&
		       identity_equal(&n->guests[i].id, &t->guests[i].id) &&
		       n->guests[i].groups == t->guests[i].groups;
	dp_topology_free(n);
	return same;
}

/* Most frames from a port go to a few destinations: a small direct-mapped
 * cache per thread in front of the hash. The topology never changes while
 * it is in use, so an entry never goes stale; a cache filled for another
 * topology (tests build several, maybe at the same address) is dropped. */
#define CACHE_SLOTS 64

struct find_cache {
	uint64_t topo_id;
	struct addr_key key[CACHE_SLOTS];
	uint16_t who[CACHE_SLOTS];
	bool valid[CACHE_SLOTS];
};

static __thread struct find_cache cache;

/* Word by word: the key was just stored in words, and a wider load of it
 * (memcmp) would wait for those stores to retire. */
static bool key_equal(const struct addr_key *a, const struct addr_key *b)
{
	return a->w[0] == b->w[0] && a->w[1] == b->w[1] && a->w[2] == b->w[2] &&
	       a->w[3] == b->w[3];
}

static uint16_t find(const struct dp_topology *t, const struct addr_key *k)
{
	unsigned slot = rte_be_to_cpu_32(k->w[3] ^ k->w[1]) % CACHE_SLOTS;
	void *data;
	uint16_t who = VG_GUEST_NONE;

	if (cache.topo_id != t->id) {
		memset(&cache, 0, sizeof(cache));
		cache.topo_id = t->id;
	}
	if (cache.valid[slot] && key_equal(&cache.key[slot], k))
		return cache.who[slot];
	if (rte_hash_lookup_data(t->by_addr, k, &data) >= 0)
		who = (uint16_t)(uintptr_t)data;
	cache.key[slot] = *k;
	cache.who[slot] = who;
	cache.valid[slot] = true;
	return who;
}

uint16_t dp_topology_find_ipv4(const struct dp_topology *t, uint32_t addr_be)
{
	struct addr_key k;

	key_ipv4(&k, addr_be);
	return find(t, &k);
}

uint16_t dp_topology_find_ipv6(const struct dp_topology *t, const uint8_t addr[16])
{
	struct addr_key k;

	memcpy(k.w, addr, sizeof(k.w));   /* the packet's copy may be unaligned */
	return find(t, &k);
}

const struct rte_ether_addr *dp_topology_mac(const struct dp_topology *t,
					     uint16_t who)
{
	return who == VG_GUEST_GATEWAY ? &t->gateway.mac : &t->guests[who].id.mac;
}
