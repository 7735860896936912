/* SPDX-License-Identifier: BSD-3-Clause */
/* The policy: a default action and ordered rules, first match wins. */
#include <stdio.h>
#include <string.h>

#include "parse.h"

static const char *const policy_keys[] = { "default", "programs", "rules", NULL };
static const char *const rule_keys[] = {
	"name", "from", "to", "proto", "ports", "src_ports", "icmp_types",
	"action", "stateful", "fragments", "inspect", "programs", "mirror", NULL
};

/* "any", "@group" or a guest name. */
static void parse_endpoint(struct parse *p, const config_setting_t *rs,
			   const char *key, const char *ctx, struct vg_endpoint *ep)
{
	const struct vg_config *cfg = p->cfg;
	const char *v;

	if (read_string(p, rs, key, ctx, true, &v) <= 0)
		return;
	if (strcmp(v, "any") == 0) {
		ep->kind = VG_EP_ANY;
		return;
	}
	if (v[0] == '@') {
		ep->kind = VG_EP_GROUP;
		for (size_t i = 0; i < cfg->n_groups; i++)
			if (strcmp(cfg->groups[i].name, v + 1) == 0) {
				ep->index = (uint32_t)i;
				return;
			}
		parse_error(p, config_setting_get_member(rs, key), ctx,
			    "unknown group '%s' in '%s' (no guest lists it)", v, key);
		return;
	}
	ep->kind = VG_EP_GUEST;
	for (size_t i = 0; i < cfg->n_guests; i++)
		if (cfg->guests[i].name && strcmp(cfg->guests[i].name, v) == 0) {
			ep->index = (uint32_t)i;
			return;
		}
	parse_error(p, config_setting_get_member(rs, key), ctx,
		    "unknown guest '%s' in '%s'", v, key);
}

static void parse_rule_matches(struct parse *p, const config_setting_t *rs,
			       const char *ctx, struct vg_rule *r)
{
	int proto = VG_PROTO_ANY;
	bool l4 = false, icmp = false;

	if (read_enum(p, rs, "proto", ctx, false, proto_names, &proto) >= 0) {
		l4 = proto == VG_PROTO_TCP || proto == VG_PROTO_UDP;
		icmp = proto == VG_PROTO_ICMP || proto == VG_PROTO_ICMPV6;
		r->proto = (enum vg_proto)proto;
	}
	if (read_ports(p, rs, "ports", ctx, &r->ports, &r->n_ports) > 0 && !l4)
		parse_error(p, config_setting_get_member(rs, "ports"), ctx,
			    "'ports' needs proto tcp or udp");
	if (read_ports(p, rs, "src_ports", ctx, &r->src_ports, &r->n_src_ports) > 0 &&
	    !l4)
		parse_error(p, config_setting_get_member(rs, "src_ports"), ctx,
			    "'src_ports' needs proto tcp or udp");
	if (read_icmp_types(p, rs, ctx, &r->icmp_types, &r->n_icmp_types) > 0 && !icmp)
		parse_error(p, config_setting_get_member(rs, "icmp_types"), ctx,
			    "'icmp_types' needs proto icmp or icmpv6");
}

static void parse_rule(struct parse *p, const config_setting_t *rs,
		       size_t index, struct vg_rule *r)
{
	const struct vg_config *cfg = p->cfg;
	char ctx[CTX_MAX], unnamed[24];
	int action = VG_ACTION_DENY;

	r->line = setting_line(rs);
	snprintf(unnamed, sizeof(unnamed), "#%zu", index + 1);
	r->name = parse_oom_check(p, vg_arena_strdup(p->arena, unnamed));
	if (!read_item_head(p, rs, "rule", index, false, &r->name, ctx))
		return;
	read_known_keys(p, rs, ctx, rule_keys);
	parse_endpoint(p, rs, "from", ctx, &r->from);
	parse_endpoint(p, rs, "to", ctx, &r->to);
	parse_rule_matches(p, rs, ctx, r);
	read_enum(p, rs, "action", ctx, true, action_names, &action);
	r->action = (enum vg_action)action;
	read_bool(p, rs, "stateful", ctx, false, &r->stateful);
	read_bool(p, rs, "mirror", ctx, false, &r->mirror);
	/* Non-first fragments carry no transport header to match. */
	if (read_bool(p, rs, "fragments", ctx, false, &r->fragments) > 0 &&
	    r->fragments && (r->n_ports || r->n_src_ports || r->n_icmp_types))
		parse_error(p, config_setting_get_member(rs, "fragments"), ctx,
			    "'fragments' cannot be combined with ports or ICMP types (later fragments carry neither)");
	parse_refs(p, rs, "inspect", ctx, "signature", cfg->signatures,
		   cfg->n_signatures, sizeof(*cfg->signatures), &r->inspect,
		   &r->n_inspect);
	parse_refs(p, rs, "programs", ctx, "program", cfg->programs,
		   cfg->n_programs, sizeof(*cfg->programs), &r->programs,
		   &r->n_programs);
	if (r->action == VG_ACTION_DENY) {
		static const char *const allow_only[] = { "stateful", "inspect",
							  "programs", NULL };

		for (int i = 0; allow_only[i]; i++)
			if (config_setting_get_member(rs, allow_only[i]))
				parse_error(p, config_setting_get_member(rs, allow_only[i]),
					    ctx, "'%s' applies only to allow rules",
					    allow_only[i]);
	}
}

void parse_policy(struct parse *p, const config_setting_t *root)
{
	struct vg_policy *pol = &p->cfg->policy;
	const config_setting_t *ps, *list;
	struct vg_rule *rules;
	struct dup_key *names;
	int def = VG_ACTION_DENY;
	size_t n, named = 0;

	pol->default_action = VG_ACTION_DENY;
	if (read_group(p, root, "policy", NULL, false, &ps) <= 0)
		return;
	read_known_keys(p, ps, "policy", policy_keys);
	read_enum(p, ps, "default", "policy", false, action_names, &def);
	pol->default_action = (enum vg_action)def;
	parse_refs(p, ps, "programs", "policy", "program", p->cfg->programs,
		   p->cfg->n_programs, sizeof(*p->cfg->programs), &pol->programs,
		   &pol->n_programs);
	rules = read_items(p, ps, "rules", "policy", VG_MAX_RULES, sizeof(*rules), &n,
			   &list);
	names = parse_oom_check(p, vg_arena_array(p->arena, n, sizeof(*names)));
	if (!rules || !names)
		return;
	for (size_t i = 0; i < n; i++) {
		const config_setting_t *rs = config_setting_get_elem(list, (unsigned)i);

		parse_rule(p, rs, i, &rules[i]);
		if (rules[i].name && rules[i].name[0] != '#')
			names[named++] = (struct dup_key){ rules[i].name, rules[i].line };
	}
	report_duplicates(p, names, named, "rule name");
	pol->rules = rules;
	pol->n_rules = n;
}
