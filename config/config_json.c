/* SPDX-License-Identifier: BSD-3-Clause */
#include "config_json.h"
#include "hex.h"

#include <stdio.h>

/* json-c returns NULL when memory runs out; a NULL value is JSON null, and
 * a NULL object drops its fields rather than crash the caller. */
static void put(struct json_object *o, const char *key, struct json_object *v)
{
	if (o)
		json_object_object_add(o, key, v);
	else
		json_object_put(v);
}

static struct json_object *str(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static struct json_object *mac_json(const struct vg_mac *mac)
{
	char buf[24];

	vg_mac_format(mac, buf, sizeof(buf));
	return json_object_new_string(buf);
}

static struct json_object *ip_json(bool has, const struct vg_ip_prefix *ip)
{
	char buf[64];

	if (!has)
		return NULL;
	vg_ip_prefix_format(ip, buf, sizeof(buf));
	return json_object_new_string(buf);
}

static struct json_object *strings(const char *const *v, size_t n)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; a && i < n; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}

static struct json_object *gateway_json(const struct vg_gateway *g)
{
	struct json_object *o = json_object_new_object();
	struct json_object *cores = json_object_new_array();

	for (size_t i = 0; cores && i < g->n_cores; i++)
		json_object_array_add(cores, json_object_new_int(g->cores[i]));
	put(o, "name", str(g->name));
	put(o, "runtime_dir", str(g->runtime_dir));
	put(o, "control_mac", mac_json(&g->control_mac));
	put(o, "control_ipv4", ip_json(g->has_control_ipv4, &g->control_ipv4));
	put(o, "control_ipv6", ip_json(g->has_control_ipv6, &g->control_ipv6));
	put(o, "cores", cores);
	put(o, "idle", str(vg_idle_mode_name(g->idle)));
	put(o, "memory_mb", json_object_new_int64(g->memory_mb));
	put(o, "hugepages", str(vg_hugepages_name(g->hugepages)));
	return o;
}

static struct json_object *digests_json(const struct vg_digests *d)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; a && i < d->n; i++) {
		char hex[2 * VG_DIGEST_LEN + 1];

		vg_hex_encode(d->values[i], VG_DIGEST_LEN, hex);
		json_object_array_add(a, json_object_new_string(hex));
	}
	return a;
}

/* Names of the items an index list refers to (signatures, programs). */
static struct json_object *refs_json(const uint32_t *idx, size_t n,
				     const char *(*name_of)(const struct vg_config *, uint32_t),
				     const struct vg_config *cfg)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; a && i < n; i++)
		json_object_array_add(a, json_object_new_string(name_of(cfg, idx[i])));
	return a;
}

static const char *signature_name(const struct vg_config *cfg, uint32_t i)
{
	return cfg->signatures[i].name;
}

static const char *program_name(const struct vg_config *cfg, uint32_t i)
{
	return cfg->programs[i].name;
}

static struct json_object *guest_json(const struct vg_config *cfg, const struct vg_guest *g)
{
	struct json_object *o = json_object_new_object();
	struct json_object *m = json_object_new_object();

	put(o, "name", str(g->name));
	put(o, "mac", mac_json(&g->mac));
	put(o, "ipv4", ip_json(g->has_ipv4, &g->ipv4));
	put(o, "ipv6", ip_json(g->has_ipv6, &g->ipv6));
	put(o, "vhost_socket", str(g->vhost_socket));
	put(o, "vhost_mode", str(vg_vhost_mode_name(g->vhost_mode)));
	put(o, "groups", strings(g->groups, g->n_groups));
	if (g->launch.present) {
		struct json_object *l = json_object_new_object();

		put(l, "kernel", str(g->launch.kernel));
		put(l, "initrd", str(g->launch.initrd));
		put(l, "cmdline", str(g->launch.cmdline));
		put(l, "disk", str(g->launch.disk));
		put(l, "data_disk", str(g->launch.data_disk));
		put(l, "user", str(g->launch.user));
		put(l, "seed", str(g->launch.seed));
		put(l, "memory_mb", json_object_new_int64(g->launch.memory_mb));
		put(l, "vcpus", json_object_new_int64(g->launch.vcpus));
		put(o, "launch", l);
	} else {
		put(o, "launch", NULL);
	}
	put(m, "kernel", digests_json(&g->measurements.kernel));
	put(m, "initrd", digests_json(&g->measurements.initrd));
	put(m, "cmdline", digests_json(&g->measurements.cmdline));
	put(m, "disk", digests_json(&g->measurements.disk));
	put(o, "measurements", m);
	if (g->rate_limit.present) {
		struct json_object *r = json_object_new_object();

		put(r, "kbps", json_object_new_int64((int64_t)g->rate_limit.kbps));
		put(r, "burst_kb", json_object_new_int64((int64_t)g->rate_limit.burst_kb));
		put(r, "pps", json_object_new_int64((int64_t)g->rate_limit.pps));
		put(o, "rate_limit", r);
	} else {
		put(o, "rate_limit", NULL);
	}
	put(o, "interface", g->interface ? str(g->interface) : NULL);
	put(o, "programs", refs_json(g->programs, g->n_programs, program_name, cfg));
	return o;
}

static struct json_object *ranges_json(const struct vg_port_range *r, size_t n)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; a && i < n; i++) {
		char buf[16];

		vg_port_ranges_format(&r[i], 1, buf, sizeof(buf));
		json_object_array_add(a, json_object_new_string(buf));
	}
	return a;
}

static struct json_object *rule_json(const struct vg_config *cfg,
				     const struct vg_rule *r)
{
	struct json_object *o = json_object_new_object();
	struct json_object *types = json_object_new_array();
	char ep[VG_NAME_MAX + 2];

	put(o, "name", str(r->name));
	vg_endpoint_format(cfg, &r->from, ep, sizeof(ep));
	put(o, "from", json_object_new_string(ep));
	vg_endpoint_format(cfg, &r->to, ep, sizeof(ep));
	put(o, "to", json_object_new_string(ep));
	put(o, "proto", str(vg_proto_name(r->proto)));
	put(o, "ports", ranges_json(r->ports, r->n_ports));
	put(o, "src_ports", ranges_json(r->src_ports, r->n_src_ports));
	for (size_t i = 0; types && i < r->n_icmp_types; i++)
		json_object_array_add(types, json_object_new_int(r->icmp_types[i]));
	put(o, "icmp_types", types);
	put(o, "action", str(vg_action_name(r->action)));
	put(o, "stateful", json_object_new_boolean(r->stateful));
	put(o, "fragments", json_object_new_boolean(r->fragments));
	put(o, "mirror", json_object_new_boolean(r->mirror));
	put(o, "inspect", refs_json(r->inspect, r->n_inspect, signature_name, cfg));
	put(o, "programs", refs_json(r->programs, r->n_programs, program_name, cfg));
	put(o, "line", json_object_new_int64(r->line));
	return o;
}

static struct json_object *attestation_json(const struct vg_attestation *a)
{
	struct json_object *o = json_object_new_object();
	struct json_object *pcrs = json_object_new_array();

	for (int i = 0; pcrs && i < VG_PCR_COUNT; i++)
		if (a->pcr_mask & (1u << i))
			json_object_array_add(pcrs, json_object_new_int(i));
	put(o, "required", json_object_new_boolean(a->required));
	put(o, "pcrs", pcrs);
	put(o, "grant_ttl", json_object_new_int64(a->grant_ttl_s));
	put(o, "reattest_interval", json_object_new_int64(a->reattest_interval_s));
	put(o, "on_failure", str(vg_on_failure_name(a->on_failure)));
	put(o, "port", json_object_new_int(a->port));
	if (a->restart_command)
		put(o, "restart_command", str(a->restart_command));
	return o;
}

static struct json_object *sections_json(const struct vg_config *cfg)
{
	struct json_object *o = json_object_new_object();
	struct json_object *a;

	a = json_object_new_array();
	for (size_t i = 0; a && i < cfg->n_operators; i++) {
		struct json_object *op = json_object_new_object();

		put(op, "name", str(cfg->operators[i].name));
		put(op, "certificate", str(cfg->operators[i].certificate));
		put(op, "role", str(vg_role_name(cfg->operators[i].role)));
		json_object_array_add(a, op);
	}
	put(o, "operators", a);
	a = json_object_new_array();
	for (size_t i = 0; a && i < cfg->n_signatures; i++) {
		struct json_object *s = json_object_new_object();

		put(s, "name", str(cfg->signatures[i].name));
		put(s, "kind", str(cfg->signatures[i].kind == VG_SIG_REGEX ? "regex" : "literal"));
		put(s, "length", json_object_new_int64((int64_t)cfg->signatures[i].len));
		put(s, "action", str(vg_sig_action_name(cfg->signatures[i].action)));
		json_object_array_add(a, s);
	}
	put(o, "signatures", a);
	a = json_object_new_array();
	for (size_t i = 0; a && i < cfg->n_programs; i++) {
		struct json_object *p = json_object_new_object();

		put(p, "name", str(cfg->programs[i].name));
		put(p, "object", str(cfg->programs[i].object));
		put(p, "section", str(cfg->programs[i].section));
		json_object_array_add(a, p);
	}
	put(o, "programs", a);
	return o;
}

struct json_object *vg_diag_to_json(const struct vg_diag *diag)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; a && vg_diag_get(diag, i); i++) {
		const struct vg_diag_entry *e = vg_diag_get(diag, i);
		struct json_object *o = json_object_new_object();

		put(o, "file", str(e->file));
		put(o, "line", json_object_new_int64(e->line));
		put(o, "message", str(e->message));
		json_object_array_add(a, o);
	}
	return a;
}

/* The mirror section; JSON null when there is none. */
static struct json_object *mirror_json(const struct vg_mirror *m)
{
	struct json_object *o;

	if (!m->present)
		return NULL;
	o = json_object_new_object();
	put(o, "pcapng", m->pcapng ? str(m->pcapng) : NULL);
	put(o, "tap", m->tap ? str(m->tap) : NULL);
	put(o, "drops", json_object_new_boolean(m->drops));
	put(o, "snaplen", json_object_new_int64(m->snaplen));
	return o;
}

struct json_object *vg_config_to_json(const struct vg_config *cfg)
{
	struct json_object *o = sections_json(cfg);
	struct json_object *a, *policy = json_object_new_object();

	if (!o || !policy) {
		json_object_put(o);
		json_object_put(policy);
		return NULL;
	}
	put(o, "path", str(cfg->path));
	put(o, "gateway", gateway_json(&cfg->gateway));
	a = json_object_new_object();
	put(a, "tcti", str(cfg->root_tpm.tcti));
	put(a, "state_dir", str(cfg->root_tpm.state_dir));
	put(a, "measure", strings(cfg->root_tpm.measure, cfg->root_tpm.n_measure));
	put(o, "root_tpm", a);
	a = json_object_new_array();
	for (size_t i = 0; a && i < cfg->n_guests; i++)
		json_object_array_add(a, guest_json(cfg, &cfg->guests[i]));
	put(o, "guests", a);
	a = json_object_new_array();
	for (size_t i = 0; a && i < cfg->n_groups; i++) {
		struct json_object *g = json_object_new_object();
		struct json_object *m = json_object_new_array();

		for (size_t j = 0; m && j < cfg->groups[i].n_members; j++)
			json_object_array_add(m, json_object_new_string(
				cfg->guests[cfg->groups[i].members[j]].name));
		put(g, "name", str(cfg->groups[i].name));
		put(g, "members", m);
		json_object_array_add(a, g);
	}
	put(o, "groups", a);
	put(policy, "default", str(vg_action_name(cfg->policy.default_action)));
	a = json_object_new_array();
	for (size_t i = 0; a && i < cfg->policy.n_rules; i++)
		json_object_array_add(a, rule_json(cfg, &cfg->policy.rules[i]));
	put(policy, "rules", a);
	put(policy, "programs", refs_json(cfg->policy.programs, cfg->policy.n_programs,
					  program_name, cfg));
	put(o, "policy", policy);
	put(o, "attestation", attestation_json(&cfg->attestation));
	put(o, "mirror", mirror_json(&cfg->mirror));
	a = json_object_new_object();
	put(a, "audit_log", str(cfg->vmm.audit_log));
	put(a, "save_dir", str(cfg->vmm.save_dir));
	put(a, "restart_limit", json_object_new_int64(cfg->vmm.restart_limit));
	put(a, "restart_window_s", json_object_new_int64(cfg->vmm.restart_window_s));
	put(o, "vmm", a);
	return o;
}
