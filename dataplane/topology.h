/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_TOPOLOGY_H
#define VG_TOPOLOGY_H

/*
 * Who is where: each guest's identity (MAC, addresses, groups) bound to its
 * port, and the gateway's own control identity. Built once from the policy
 * at start; never learned from traffic. Port index i < n_guests is guest i;
 * index n_guests is the punt port.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_ether.h>

#include "vg_config.h"

#define DP_MAX_GUESTS 256          /* grant table is n x n */
#define DP_MAX_GROUPS 32           /* a group is one bit in the ACL key */

struct dp_identity {
	struct rte_ether_addr mac;
	bool has_ipv4, has_ipv6;
	uint32_t ipv4;                 /* network order */
	uint8_t ipv6[16];
};

struct dp_guest {
	char name[VG_NAME_MAX + 1];
	struct dp_identity id;
	uint32_t groups;               /* bit k: member of config group k */
};

struct rte_hash;

struct dp_topology {
	uint64_t id;                   /* unique per topology built */
	uint16_t n_guests;
	struct dp_guest *guests;
	struct dp_identity gateway;
	struct rte_hash *by_addr;      /* IPv4 or IPv6 address -> owner */
};

/* Builds the topology of cfg; NULL with *err set to a message (static)
 * when the dataplane cannot carry it (too many guests or groups). */
struct dp_topology *dp_topology_build(const struct vg_config *cfg,
				      const char **err);
void dp_topology_free(struct dp_topology *t);

/* Whether cfg describes the same guests and gateway identity as t (a
 * reload may change rules, not who is where). */
bool dp_topology_same(const struct dp_topology *t, const struct vg_config *cfg);

/* The guest owning an address, VG_GUEST_GATEWAY for the control address,
 * or VG_GUEST_NONE. */
uint16_t dp_topology_find_ipv4(const struct dp_topology *t, uint32_t addr_be);
uint16_t dp_topology_find_ipv6(const struct dp_topology *t, const uint8_t addr[16]);
/* The MAC that owns index (guest or VG_GUEST_GATEWAY). */
const struct rte_ether_addr *dp_topology_mac(const struct dp_topology *t,
					     uint16_t who);

#endif
