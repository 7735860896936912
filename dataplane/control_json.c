/* SPDX-License-Identifier: BSD-3-Clause */
#include "control_json.h"

#include <time.h>

#include <rte_cycles.h>

#include "counter.h"
#include "ct_table.h"
#include "mirror.h"

#define VERSION "0.1.0"

static void put(struct json_object *o, const char *k, struct json_object *v)
{
	json_object_object_add(o, k, v);
}

static struct json_object *u64(uint64_t v)
{
	return json_object_new_uint64(v);
}

static struct json_object *drops_json(const struct port_stats *s, uint64_t *total)
{
	struct json_object *o = json_object_new_object();

	*total = 0;
	for (int r = 0; r < VG_DROP_MAX; r++) {
		uint64_t n = counter_read(&s->drops[r]);

		*total += n;
		put(o, vg_drop_name(r), u64(n));
	}
	return o;
}

/* A guest's rate_limit as configured; JSON null when it has none. */
static struct json_object *rate_limit_json(const struct vg_rate_limit *rl)
{
	struct json_object *o;

	if (!rl->present)
		return NULL;
	o = json_object_new_object();
	put(o, "kbps", rl->kbps ? u64(rl->kbps) : NULL);
	put(o, "burst_kb", u64(rl->burst_kb));
	put(o, "pps", rl->pps ? u64(rl->pps) : NULL);
	return o;
}

struct json_object *status_json(const struct dataplane *dp)
{
	const struct dp_policy *pol = dp->policy;
	const struct vg_config *cfg = pol->cfg;
	struct json_object *o = json_object_new_object();
	uint64_t frames = counter_read(&dp->frames), up = 0;

	for (uint16_t i = 0; i < dp->n_ports; i++)
		up += __atomic_load_n(&dp->ports[i].link_up, __ATOMIC_RELAXED);
	put(o, "daemon", json_object_new_string("vmgate-dataplane"));
	put(o, "version", json_object_new_string(VERSION));
	put(o, "gateway", json_object_new_string(cfg->gateway.name));
	put(o, "config", json_object_new_string(dp->config_path));
	put(o, "uptime_s", u64((uint64_t)(time(NULL) - dp->started)));
	put(o, "attestation_required", json_object_new_boolean(pol->attestation_required));
	put(o, "idle", json_object_new_string(vg_idle_mode_name(cfg->gateway.idle)));
	put(o, "policy_generation", u64(pol->generation));
	put(o, "rules", u64(pol->n_rules));
	put(o, "acl_entries", u64(pol->n_acl_entries));
	put(o, "default_action", json_object_new_string(vg_action_name(pol->default_action)));
	put(o, "guests", u64(dp->topo->n_guests));
	put(o, "ports", u64(dp->n_ports));
	put(o, "ports_up", u64(up));
	put(o, "reloads", u64(dp->reloads));
	put(o, "reload_failures", u64(dp->reload_failures));
	put(o, "last_reload_error", dp->last_reload_error[0]
	    ? json_object_new_string(dp->last_reload_error) : NULL);
	put(o, "frames", u64(frames));
	put(o, "cycles_per_frame", u64(frames ? counter_read(&dp->busy_cycles) / frames : 0));
	put(o, "idle_sleeps", u64(counter_read(&dp->idle_sleeps)));
	return o;
}

struct json_object *ports_json(const struct dataplane *dp)
{
	struct json_object *a = json_object_new_array();

	for (uint16_t i = 0; i < dp->n_ports; i++) {
		const struct dp_port *p = &dp->ports[i];
		struct json_object *o = json_object_new_object();
		uint64_t drops;

		put(o, "name", json_object_new_string(p->name));
		put(o, "kind", json_object_new_string(i < dp->topo->n_guests ? "vhost-user" : "tap"));
		put(o, "iface", json_object_new_string(p->iface));
		if (i < dp->topo->n_guests) {
			put(o, "vhost_mode", json_object_new_string(p->vhost_client ? "client" : "server"));
			put(o, "rate_limit",
			    rate_limit_json(&dp->policy->cfg->guests[i].rate_limit));
		}
		put(o, "link", json_object_new_string(
			    __atomic_load_n(&p->link_up, __ATOMIC_RELAXED) ? "up" : "down"));
		put(o, "rx_packets", u64(counter_read(&p->stats.rx_packets)));
		put(o, "rx_bytes", u64(counter_read(&p->stats.rx_bytes)));
		put(o, "tx_packets", u64(counter_read(&p->stats.tx_packets)));
		put(o, "tx_bytes", u64(counter_read(&p->stats.tx_bytes)));
		put(o, "drops", drops_json(&p->stats, &drops));
		put(o, "drops_total", u64(drops));
		json_object_array_add(a, o);
	}
	return a;
}

struct json_object *guests_json(const struct dataplane *dp)
{
	const struct vg_config *cfg = dp->policy->cfg;
	struct json_object *a = json_object_new_array();

	for (uint16_t i = 0; i < dp->topo->n_guests; i++) {
		const struct vg_guest *g = &cfg->guests[i];
		struct json_object *o = json_object_new_object();
		struct json_object *groups = json_object_new_array();
		char buf[64];

		put(o, "name", json_object_new_string(g->name));
		vg_mac_format(&g->mac, buf, sizeof(buf));
		put(o, "mac", json_object_new_string(buf));
		if (g->has_ipv4)
			vg_ip_prefix_format(&g->ipv4, buf, sizeof(buf));
		put(o, "ipv4", g->has_ipv4 ? json_object_new_string(buf) : NULL);
		if (g->has_ipv6)
			vg_ip_prefix_format(&g->ipv6, buf, sizeof(buf));
		put(o, "ipv6", g->has_ipv6 ? json_object_new_string(buf) : NULL);
		for (size_t j = 0; j < g->n_groups; j++)
			json_object_array_add(groups, json_object_new_string(g->groups[j]));
		put(o, "groups", groups);
		put(o, "rate_limit", rate_limit_json(&g->rate_limit));
		put(o, "rate_limit_drops",
		    u64(counter_read(&dp->ports[i].stats.drops[VG_DROP_RATE_LIMIT])));
		put(o, "port", json_object_new_string(dp->ports[i].iface));
		put(o, "link", json_object_new_string(
			    __atomic_load_n(&dp->ports[i].link_up, __ATOMIC_RELAXED) ? "up" : "down"));
		json_object_array_add(a, o);
	}
	return a;
}

static struct json_object *icmp_types_json(const struct vg_rule *r)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < r->n_icmp_types; i++)
		json_object_array_add(a, json_object_new_int(r->icmp_types[i]));
	return a;
}

struct json_object *rules_json(const struct dataplane *dp)
{
	const struct dp_policy *pol = dp->policy;
	const struct vg_config *cfg = pol->cfg;
	struct json_object *o = json_object_new_object();
	struct json_object *a = json_object_new_array();

	for (uint32_t i = 0; i < pol->n_rules; i++) {
		const struct vg_rule *r = &cfg->policy.rules[i];
		struct json_object *e = json_object_new_object();
		char buf[512];

		put(e, "index", u64(i + 1));
		put(e, "name", json_object_new_string(r->name));
		vg_endpoint_format(cfg, &r->from, buf, sizeof(buf));
		put(e, "from", json_object_new_string(buf));
		vg_endpoint_format(cfg, &r->to, buf, sizeof(buf));
		put(e, "to", json_object_new_string(buf));
		put(e, "proto", json_object_new_string(vg_proto_name(r->proto)));
		vg_port_ranges_format(r->ports, r->n_ports, buf, sizeof(buf));
		put(e, "ports", json_object_new_string(buf));
		put(e, "icmp_types", icmp_types_json(r));
		put(e, "action", json_object_new_string(vg_action_name(r->action)));
		put(e, "stateful", json_object_new_boolean(r->stateful));
		put(e, "mirror", json_object_new_boolean(r->mirror));
		put(e, "hits", u64(counter_read(&pol->rule_hits[i])));
		json_object_array_add(a, e);
	}
	put(o, "generation", u64(pol->generation));
	put(o, "default_action", json_object_new_string(vg_action_name(pol->default_action)));
	put(o, "rules", a);
	return o;
}

/* Sessions now, by state, and what happened to them. */
static struct json_object *conntrack_json(const struct ct_table *ct)
{
	const struct ct_stats *s = ct_table_stats(ct);
	struct json_object *o = json_object_new_object();
	struct json_object *states = json_object_new_object();

	for (int i = 0; i < CT_STATE_MAX; i++)
		put(states, ct_state_name(i), u64(counter_read(&s->by_state[i])));
	put(o, "sessions", u64(counter_read(&s->sessions)));
	put(o, "capacity", u64(ct_table_capacity(ct)));
	put(o, "by_state", states);
	put(o, "created", u64(counter_read(&s->created)));
	put(o, "expired", u64(counter_read(&s->expired)));
	put(o, "closed", u64(counter_read(&s->closed)));
	put(o, "table_full", u64(counter_read(&s->table_full)));
	put(o, "guest_full", u64(counter_read(&s->guest_full)));
	return o;
}

/* The mirror's targets and counters; JSON null without a mirror. */
static struct json_object *mirror_json(const struct dataplane *dp)
{
	const struct vg_mirror *cfg = &dp->policy->cfg->mirror;
	struct dp_mirror_stats s;
	struct json_object *o;

	if (!dp->mirror)
		return NULL;
	dp_mirror_stats(dp->mirror, &s);
	o = json_object_new_object();
	put(o, "pcapng", dp_mirror_pcapng(dp->mirror)
	    ? json_object_new_string(dp_mirror_pcapng(dp->mirror)) : NULL);
	put(o, "tap", dp_mirror_tap(dp->mirror)
	    ? json_object_new_string(dp_mirror_tap(dp->mirror)) : NULL);
	put(o, "rules", u64(cfg->n_rules));
	put(o, "drops", json_object_new_boolean(cfg->drops));
	put(o, "snaplen", u64(cfg->snaplen));
	put(o, "mirrored", u64(s.mirrored));
	put(o, "mirror_full", u64(s.full));
	put(o, "mirror_errors", u64(s.errors));
	return o;
}

struct json_object *stats_json(const struct dataplane *dp)
{
	struct json_object *o = json_object_new_object();
	struct json_object *drops = json_object_new_object();
	uint64_t rx = 0, tx = 0, total = 0;

	for (int r = 0; r < VG_DROP_MAX; r++) {
		struct json_object *d = json_object_new_object();
		uint64_t n = 0;

		for (uint16_t i = 0; i < dp->n_ports; i++)
			n += counter_read(&dp->ports[i].stats.drops[r]);
		total += n;
		put(d, "count", u64(n));
		put(d, "text", json_object_new_string(vg_drop_text(r)));
		put(drops, vg_drop_name(r), d);
	}
	for (uint16_t i = 0; i < dp->n_ports; i++) {
		rx += counter_read(&dp->ports[i].stats.rx_packets);
		tx += counter_read(&dp->ports[i].stats.tx_packets);
	}
	put(o, "rx_packets", u64(rx));
	put(o, "tx_packets", u64(tx));
	put(o, "drops_total", u64(total));
	put(o, "drops", drops);
	put(o, "conntrack", conntrack_json(dp->ct));
	put(o, "mirror", mirror_json(dp));
	return o;
}

struct json_object *grants_json(const struct dataplane *dp)
{
	const struct dp_grants *g = dp->grants;
	struct json_object *a = json_object_new_array();
	uint64_t now = rte_rdtsc();

	for (uint16_t i = 0; i < g->n; i++) {
		for (uint16_t j = i + 1; j < g->n; j++) {
			uint64_t exp = __atomic_load_n(&g->expiry[i][j], __ATOMIC_RELAXED);
			struct json_object *o;

			if (exp <= now)
				continue;
			o = json_object_new_object();
			put(o, "a", json_object_new_string(dp->topo->guests[i].name));
			put(o, "b", json_object_new_string(dp->topo->guests[j].name));
			put(o, "expires_in_s", exp == GRANT_FOREVER ? NULL
			    : json_object_new_double((double)(exp - now) / (double)g->tsc_hz));
			put(o, "packets_ab", u64(counter_read(&g->packets[i][j])));
			put(o, "packets_ba", u64(counter_read(&g->packets[j][i])));
			json_object_array_add(a, o);
		}
	}
	return a;
}

static bool names_program(const uint32_t *progs, size_t n, uint32_t i)
{
	for (size_t j = 0; j < n; j++)
		if (progs[j] == i)
			return true;
	return false;
}

/* The rules that name program i. */
static struct json_object *program_rules_json(const struct vg_config *cfg, uint32_t i)
{
	struct json_object *a = json_object_new_array();

	for (size_t r = 0; r < cfg->policy.n_rules; r++)
		if (names_program(cfg->policy.rules[r].programs, cfg->policy.rules[r].n_programs, i))
			json_object_array_add(a, json_object_new_string(cfg->policy.rules[r].name));
	return a;
}

/* The guests that name program i. */
static struct json_object *program_guests_json(const struct vg_config *cfg, uint32_t i)
{
	struct json_object *a = json_object_new_array();

	for (size_t g = 0; g < cfg->n_guests; g++)
		if (names_program(cfg->guests[g].programs, cfg->guests[g].n_programs, i))
			json_object_array_add(a, json_object_new_string(cfg->guests[g].name));
	return a;
}

struct json_object *bpf_json(const struct dataplane *dp)
{
	const struct dp_policy *pol = dp->policy;
	struct json_object *o = json_object_new_object();
	struct json_object *a = json_object_new_array();

	for (uint32_t i = 0; i < pol->n_programs; i++) {
		const struct vg_program *cp = &pol->cfg->programs[i];
		const struct dp_program *p = &pol->programs[i];
		struct json_object *e = json_object_new_object();

		put(e, "name", json_object_new_string(cp->name));
		put(e, "object", json_object_new_string(cp->object));
		put(e, "section", json_object_new_string(cp->section));
		put(e, "jit", json_object_new_boolean(p->prog.jit != NULL));
		put(e, "btf", json_object_new_boolean(p->prog.btf));
		put(e, "policy", json_object_new_boolean(names_program(pol->cfg->policy.programs,
								      pol->cfg->policy.n_programs, i)));
		put(e, "guests", program_guests_json(pol->cfg, i));
		put(e, "rules", program_rules_json(pol->cfg, i));
		put(e, "runs", u64(counter_read(&p->runs)));
		put(e, "drops", u64(counter_read(&p->drops)));
		json_object_array_add(a, e);
	}
	put(o, "generation", u64(pol->generation));
	put(o, "programs", a);
	return o;
}
