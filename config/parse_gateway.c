/* SPDX-License-Identifier: BSD-3-Clause */
/* The gateway section: identity, runtime directory, control address, EAL. */
#include <string.h>

#include "parse.h"
#include "parse_addr.h"

#define DEFAULT_RUNTIME_DIR "/run/vmgate"
#define DEFAULT_CONTROL_MAC "02:00:00:00:00:01"

static const char *const gateway_keys[] = {
	"name", "runtime_dir", "control_mac", "control_ipv4", "control_ipv6",
	"cores", "idle", "memory_mb", "hugepages", NULL
};

static void parse_cores(struct parse *p, const config_setting_t *gw,
			struct vg_gateway *g)
{
	static uint16_t default_core;
	const config_setting_t *list;
	uint16_t *cores;
	int n;

	g->cores = &default_core;
	g->n_cores = 1;
	if (read_sequence(p, gw, "cores", "gateway", false, &list) <= 0)
		return;
	n = config_setting_length(list);
	if (n == 0 || n > VG_MAX_CORES) {
		parse_error(p, list, "gateway", "'cores' must list 1 to %d cores",
			    VG_MAX_CORES);
		return;
	}
	cores = parse_oom_check(p, vg_arena_array(p->arena, (size_t)n, sizeof(*cores)));
	if (!cores)
		return;
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
		int type = config_setting_type(e);
		long long v = type == CONFIG_TYPE_INT ? config_setting_get_int(e)
			    : type == CONFIG_TYPE_INT64 ? config_setting_get_int64(e) : -1;

		if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64) {
			parse_error(p, e, "gateway", "'cores' must contain integers");
			return;
		}
		if (v < 0 || v > 1023) {
			parse_error(p, e, "gateway", "core %lld is out of range 0-1023", v);
			return;
		}
		for (int j = 0; j < i; j++)
			if (cores[j] == v)
				parse_error(p, e, "gateway", "core %lld is listed twice", v);
		cores[i] = (uint16_t)v;
	}
	g->cores = cores;
	g->n_cores = (size_t)n;
}

void parse_gateway(struct parse *p, const config_setting_t *root)
{
	struct vg_gateway *g = &p->cfg->gateway;
	const config_setting_t *gw;
	int64_t mem = 1024;
	int idle = VG_IDLE_ADAPTIVE, huge = VG_HUGEPAGES_AUTO;
	int r4, r6;

	vg_mac_parse(DEFAULT_CONTROL_MAC, &g->control_mac);
	g->runtime_dir = DEFAULT_RUNTIME_DIR;
	if (read_group(p, root, "gateway", NULL, true, &gw) <= 0)
		return;
	read_known_keys(p, gw, "gateway", gateway_keys);
	if (read_string(p, gw, "name", "gateway", true, &g->name) > 0 &&
	    !name_is_valid(g->name))
		parse_error(p, config_setting_get_member(gw, "name"), "gateway",
			    "invalid name '%s'", g->name);
	if (read_string(p, gw, "runtime_dir", "gateway", false, &g->runtime_dir) > 0 &&
	    g->runtime_dir[0] != '/')
		parse_error(p, config_setting_get_member(gw, "runtime_dir"), "gateway",
			    "'runtime_dir' must be an absolute path");
	read_mac(p, gw, "control_mac", "gateway", false, &g->control_mac);
	r4 = read_ip(p, gw, "control_ipv4", "gateway", false, VG_AF_INET,
		     &g->control_ipv4);
	r6 = read_ip(p, gw, "control_ipv6", "gateway", false, VG_AF_INET6,
		     &g->control_ipv6);
	g->has_control_ipv4 = r4 > 0;
	g->has_control_ipv6 = r6 > 0;
	if (r4 == 0 && r6 == 0)
		parse_error(p, gw, "gateway",
			    "needs 'control_ipv4' or 'control_ipv6' (the address authd listens on)");
	parse_cores(p, gw, g);
	read_enum(p, gw, "idle", "gateway", false, idle_mode_names, &idle);
	g->idle = (enum vg_idle_mode)idle;
	read_int(p, gw, "memory_mb", "gateway", false, 64, 65536, &mem);
	g->memory_mb = (uint32_t)mem;
	read_enum(p, gw, "hugepages", "gateway", false, hugepages_names, &huge);
	g->hugepages = (enum vg_hugepages)huge;
}
