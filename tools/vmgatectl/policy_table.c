/* SPDX-License-Identifier: BSD-3-Clause */
/* The guests and rules of a policy as tables an operator reads. */
#include "vmgatectl.h"

static void print_guests(const struct vg_config *cfg, FILE *out)
{
	fprintf(out, "\n%-16s %-17s %-18s %-24s %s\n", "GUEST", "MAC", "IPV4", "IPV6",
		"GROUPS");
	for (size_t i = 0; i < cfg->n_guests; i++) {
		const struct vg_guest *g = &cfg->guests[i];
		char mac[24], v4[64] = "-", v6[64] = "-";

		vg_mac_format(&g->mac, mac, sizeof(mac));
		if (g->has_ipv4)
			vg_ip_prefix_format(&g->ipv4, v4, sizeof(v4));
		if (g->has_ipv6)
			vg_ip_prefix_format(&g->ipv6, v6, sizeof(v6));
		fprintf(out, "%-16s %-17s %-18s %-24s ", g->name, mac, v4, v6);
		for (size_t j = 0; j < g->n_groups; j++)
			fprintf(out, "%s@%s", j ? "," : "", g->groups[j]);
		fprintf(out, "%s\n", g->n_groups ? "" : "-");
	}
}

static void print_rules(const struct vg_config *cfg, FILE *out)
{
	fprintf(out, "\n%-4s %-16s %-16s %-16s %-7s %-20s %-6s %s\n", "#", "RULE",
		"FROM", "TO", "PROTO", "PORTS", "ACTION", "FLAGS");
	for (size_t i = 0; i < cfg->policy.n_rules; i++) {
		const struct vg_rule *r = &cfg->policy.rules[i];
		char from[VG_NAME_MAX + 2], to[VG_NAME_MAX + 2], ports[64];

		vg_endpoint_format(cfg, &r->from, from, sizeof(from));
		vg_endpoint_format(cfg, &r->to, to, sizeof(to));
		vg_port_ranges_format(r->ports, r->n_ports, ports, sizeof(ports));
		if (r->n_icmp_types)
			snprintf(ports, sizeof(ports), "types %u%s", r->icmp_types[0],
				 r->n_icmp_types > 1 ? ",..." : "");
		fprintf(out, "%-4zu %-16s %-16s %-16s %-7s %-20s %-6s %s%s%s\n", i + 1,
			r->name, from, to, vg_proto_name(r->proto), ports,
			vg_action_name(r->action), r->stateful ? "stateful " : "",
			r->n_inspect ? "inspect " : "", r->n_programs ? "bpf" : "");
	}
	fprintf(out, "%-4s %-16s %-16s %-16s %-7s %-20s %-6s\n", "-", "(default)",
		"any", "any", "any", "any", vg_action_name(cfg->policy.default_action));
}

static void print_program_list(const struct vg_config *cfg, const char *where,
			       const uint32_t *progs, size_t n, FILE *out)
{
	if (!n)
		return;
	fprintf(out, "eBPF on %s: ", where);
	for (size_t j = 0; j < n; j++)
		fprintf(out, "%s%s", j ? ", " : "", cfg->programs[progs[j]].name);
	fprintf(out, "\n");
}

/* Programs attached to the policy and to guests (rules show theirs as a flag). */
static void print_attached_programs(const struct vg_config *cfg, FILE *out)
{
	char where[VG_NAME_MAX + 32];

	print_program_list(cfg, "every frame", cfg->policy.programs, cfg->policy.n_programs, out);
	for (size_t i = 0; i < cfg->n_guests; i++) {
		snprintf(where, sizeof(where), "guest %s's frames", cfg->guests[i].name);
		print_program_list(cfg, where, cfg->guests[i].programs,
				   cfg->guests[i].n_programs, out);
	}
}

void policy_table_print(const struct vg_config *cfg, FILE *out)
{
	print_guests(cfg, out);
	print_rules(cfg, out);
	fprintf(out, "\n");
	print_attached_programs(cfg, out);
	fprintf(out, "attestation: %s, grants live %u s, re-attest every %u s, "
		"on failure %s\n",
		cfg->attestation.required ? "required" : "OFF (lab mode)",
		cfg->attestation.grant_ttl_s, cfg->attestation.reattest_interval_s,
		vg_on_failure_name(cfg->attestation.on_failure));
}
