/* SPDX-License-Identifier: BSD-3-Clause */
#include "acl_compile.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_acl.h>
#include <rte_lcore.h>

#include "acl_key.h"

#define MAX_ENTRIES (1u << 20)

RTE_ACL_RULE_DEF(acl_rule, ACL_NUM_FIELDS);

static const struct rte_acl_field_def field_defs[ACL_NUM_FIELDS] = {
	{ RTE_ACL_FIELD_TYPE_BITMASK, 1, ACL_FIELD_PROTO, 0,
	  offsetof(struct acl_key, proto_flags) },
	{ RTE_ACL_FIELD_TYPE_MASK, 2, ACL_FIELD_SRC_ID, 1,
	  offsetof(struct acl_key, src_id) },
	{ RTE_ACL_FIELD_TYPE_MASK, 2, ACL_FIELD_DST_ID, 1,
	  offsetof(struct acl_key, dst_id) },
	{ RTE_ACL_FIELD_TYPE_BITMASK, 4, ACL_FIELD_SRC_GROUPS, 2,
	  offsetof(struct acl_key, src_groups) },
	{ RTE_ACL_FIELD_TYPE_BITMASK, 4, ACL_FIELD_DST_GROUPS, 3,
	  offsetof(struct acl_key, dst_groups) },
	{ RTE_ACL_FIELD_TYPE_RANGE, 2, ACL_FIELD_SPORT, 4,
	  offsetof(struct acl_key, sport) },
	{ RTE_ACL_FIELD_TYPE_RANGE, 2, ACL_FIELD_DPORT, 4,
	  offsetof(struct acl_key, dport) },
};

static const struct vg_port_range any_port = { 0, 65535 };

/* A list of ranges, or one range covering everything. */
struct ranges {
	const struct vg_port_range *v;
	size_t n;
	struct vg_port_range own[256];   /* for ICMP types mapped to ranges */
};

static void ranges_of(struct ranges *r, const struct vg_port_range *v, size_t n)
{
	r->v = n ? v : &any_port;
	r->n = n ? n : 1;
}

static void ranges_of_types(struct ranges *r, const uint8_t *types, size_t n)
{
	for (size_t i = 0; i < n; i++)
		r->own[i] = (struct vg_port_range){ types[i], types[i] };
	r->v = n ? r->own : &any_port;
	r->n = n ? n : 1;
}

static uint8_t proto_bit(enum vg_proto p)
{
	switch (p) {
	case VG_PROTO_TCP: return ACL_P_TCP;
	case VG_PROTO_UDP: return ACL_P_UDP;
	case VG_PROTO_ICMP: return ACL_P_ICMP;
	case VG_PROTO_ICMPV6: return ACL_P_ICMPV6;
	default: return 0;
	}
}

static void set_endpoint(struct acl_rule *e, const struct vg_endpoint *ep,
			 int id_field, int groups_field)
{
	if (ep->kind == VG_EP_GUEST) {
		e->field[id_field].value.u16 = (uint16_t)ep->index;
		e->field[id_field].mask_range.u16 = 16;
	} else if (ep->kind == VG_EP_GROUP) {
		e->field[groups_field].value.u32 = 1u << ep->index;
		e->field[groups_field].mask_range.u32 = 1u << ep->index;
	}
}

/* Appends the entries of rule (index) to out (NULL: count); returns how
 * many. Replies of stateful rules are no entries: they pass by their
 * session (node_conntrack.c). */
static uint32_t emit_rule(const struct vg_rule *rule, uint32_t index, struct acl_rule *out)
{
	bool icmp = rule->proto == VG_PROTO_ICMP || rule->proto == VG_PROTO_ICMPV6;
	struct ranges sport, dport;
	uint8_t bit = proto_bit(rule->proto);
	uint32_t n = 0;

	if (icmp)
		ranges_of_types(&sport, rule->icmp_types, rule->n_icmp_types);
	else
		ranges_of(&sport, rule->src_ports, rule->n_src_ports);
	ranges_of(&dport, rule->ports, rule->n_ports);
	for (size_t s = 0; s < sport.n; s++) {
		for (size_t t = 0; t < dport.n; t++, n++) {
			struct acl_rule *e = out ? &out[n] : NULL;

			if (!e)
				continue;
			*e = (struct acl_rule){ 0 };
			e->data.category_mask = 1;
			e->data.priority = (int32_t)(RTE_ACL_MAX_PRIORITY - index);
			e->data.userdata = index + 1;
			e->field[ACL_FIELD_PROTO].value.u8 = bit;
			e->field[ACL_FIELD_PROTO].mask_range.u8 = bit;
			/* Later fragments carry no ports: only rules that say
			 * so match them. */
			if (!rule->fragments)
				e->field[ACL_FIELD_PROTO].mask_range.u8 |= ACL_F_LATER;
			set_endpoint(e, &rule->from, ACL_FIELD_SRC_ID, ACL_FIELD_SRC_GROUPS);
			set_endpoint(e, &rule->to, ACL_FIELD_DST_ID, ACL_FIELD_DST_GROUPS);
			e->field[ACL_FIELD_SPORT].value.u16 = sport.v[s].lo;
			e->field[ACL_FIELD_SPORT].mask_range.u16 = sport.v[s].hi;
			e->field[ACL_FIELD_DPORT].value.u16 = dport.v[t].lo;
			e->field[ACL_FIELD_DPORT].mask_range.u16 = dport.v[t].hi;
		}
	}
	return n;
}

int acl_compile(const struct vg_config *cfg, uint64_t generation,
		struct rte_acl_ctx **ctx, uint32_t *n_entries, const char **err)
{
	const struct vg_policy *pol = &cfg->policy;
	struct rte_acl_config build = { .num_categories = 1,
					.num_fields = ACL_NUM_FIELDS };
	char name[RTE_ACL_NAMESIZE];
	struct rte_acl_param param = { .name = name,
				       .socket_id = (int)rte_socket_id(),
				       .rule_size = RTE_ACL_RULE_SZ(ACL_NUM_FIELDS) };
	struct acl_rule *entries;
	uint64_t total = 0;
	int r;

	*ctx = NULL;
	*n_entries = 0;
	for (size_t i = 0; i < pol->n_rules; i++)
		total += emit_rule(&pol->rules[i], (uint32_t)i, NULL);
	if (total == 0)
		return 0;
	if (total > MAX_ENTRIES) {
		*err = "the rules expand to more than 1048576 ACL entries";
		return -E2BIG;
	}
	entries = malloc(sizeof(*entries) * total);
	if (!entries) {
		*err = "out of memory";
		return -ENOMEM;
	}
	for (size_t i = 0, n = 0; i < pol->n_rules; i++)
		n += emit_rule(&pol->rules[i], (uint32_t)i, entries + n);
	snprintf(name, sizeof(name), "vg_acl_%llu", (unsigned long long)generation);
	param.max_rule_num = (uint32_t)total;
	memcpy(build.defs, field_defs, sizeof(field_defs));
	*ctx = rte_acl_create(&param);
	r = *ctx ? rte_acl_add_rules(*ctx, (const struct rte_acl_rule *)entries,
				     (uint32_t)total) : -ENOMEM;
	if (r == 0)
		r = rte_acl_build(*ctx, &build);
	free(entries);
	if (r < 0) {
		*err = "rte_acl could not build the rules";
		rte_acl_free(*ctx);
		*ctx = NULL;
		return r;
	}
	*n_entries = (uint32_t)total;
	return 0;
}
