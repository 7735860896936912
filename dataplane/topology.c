/* SPDX-License-Identifier: BSD-3-Clause */
#include "topology.h"

#include <stdio.h>
#include <string.h>

#include <rte_hash.h>
#include <rte_jhash.h>
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

static struct rte_hash *address_table(const char *kind, uint32_t key_len)
{
	static unsigned generation;
	char name[RTE_HASH_NAMESIZE];
	struct rte_hash_parameters params = {
		.entries = DP_MAX_GUESTS * 2,
		.key_len = key_len,
		.hash_func = rte_jhash,
		.socket_id = (int)rte_socket_id(),
	};

	snprintf(name, sizeof(name), "vg_%s_%u", kind, generation++);
	params.name = name;
	return rte_hash_create(&params);
}

static int add_address(struct dp_topology *t, const struct dp_identity *id,
			uint16_t index)
{
	uint32_t key6[4];  /* aligned, as rte_jhash reads 32-bit words */
	int r = 0;

	memcpy(key6, id->ipv6, sizeof(key6));
	if (id->has_ipv4)
		r = rte_hash_add_key_data(t->by_ipv4, &id->ipv4, (void *)(uintptr_t)index);
	if (r >= 0 && id->has_ipv6)
		r = rte_hash_add_key_data(t->by_ipv6, key6, (void *)(uintptr_t)index);
	return r;
}

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
	t->guests = rte_zmalloc("vg_guests", sizeof(*t->guests) * (cfg->n_guests + 1), 0);
	t->by_ipv4 = address_table("v4", 4);
	t->by_ipv6 = address_table("v6", 16);
	if (!t->guests || !t->by_ipv4 || !t->by_ipv6)
		goto fail;
	identity_from(&t->gateway, &cfg->gateway.control_mac,
		      cfg->gateway.has_control_ipv4, &cfg->gateway.control_ipv4,
		      cfg->gateway.has_control_ipv6, &cfg->gateway.control_ipv6);
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
	rte_hash_free(t->by_ipv4);
	rte_hash_free(t->by_ipv6);
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

uint16_t dp_topology_find_ipv4(const struct dp_topology *t, uint32_t addr_be)
{
	void *data;

	if (rte_hash_lookup_data(t->by_ipv4, &addr_be, &data) >= 0)
		return (uint16_t)(uintptr_t)data;
	if (t->gateway.has_ipv4 && t->gateway.ipv4 == addr_be)
		return VG_GUEST_GATEWAY;
	return VG_GUEST_NONE;
}

uint16_t dp_topology_find_ipv6(const struct dp_topology *t, const uint8_t addr[16])
{
	uint32_t key[4];   /* rte_jhash reads 32-bit words: align the key */
	void *data;

	memcpy(key, addr, sizeof(key));
	if (rte_hash_lookup_data(t->by_ipv6, key, &data) >= 0)
		return (uint16_t)(uintptr_t)data;
	if (t->gateway.has_ipv6 && memcmp(t->gateway.ipv6, addr, 16) == 0)
		return VG_GUEST_GATEWAY;
	return VG_GUEST_NONE;
}

const struct rte_ether_addr *dp_topology_mac(const struct dp_topology *t,
					     uint16_t who)
{
	return who == VG_GUEST_GATEWAY ? &t->gateway.mac : &t->guests[who].id.mac;
}
