/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_ACL_KEY_H
#define VG_ACL_KEY_H

/*
 * What rte_acl classifies: not the packet, but a key built from it after
 * identity and destination are known, so one ACL serves IPv4 and IPv6 and
 * rules name guests and groups rather than addresses. Multi-byte fields
 * are big-endian, as rte_acl reads its input.
 *
 * The first byte (rte_acl wants a 1-byte first field) holds one protocol
 * bit and the flags rules test:
 */
#include <stdint.h>

#define ACL_P_TCP      0x01
#define ACL_P_UDP      0x02
#define ACL_P_ICMP     0x04
#define ACL_P_ICMPV6   0x08
#define ACL_P_OTHER    0x10
#define ACL_F_LATER    0x40        /* a non-first fragment: no ports */

struct acl_key {
	uint8_t proto_flags;
	uint8_t pad[3];
	uint16_t src_id, dst_id;   /* guest indexes */
	uint32_t src_groups;       /* bit k: member of group k */
	uint32_t dst_groups;
	uint16_t sport, dport;     /* ICMP: type, code */
};

enum {
	ACL_FIELD_PROTO,
	ACL_FIELD_SRC_ID,
	ACL_FIELD_DST_ID,
	ACL_FIELD_SRC_GROUPS,
	ACL_FIELD_DST_GROUPS,
	ACL_FIELD_SPORT,
	ACL_FIELD_DPORT,
	ACL_NUM_FIELDS
};

struct dp_topology;
struct pkt_meta;

/* The key of a frame between two guests (src and dst known). */
void acl_key_build(const struct dp_topology *t, const struct pkt_meta *m,
		   struct acl_key *k);

#endif
