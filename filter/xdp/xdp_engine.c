/* SPDX-License-Identifier: BSD-3-Clause */
/* Loading the XDP program, filling its maps from the policy, attaching it
 * per interface, and reloading the policy without detaching. */
#include "xdp_engine.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>

#include "xdp_policy.h"
#include "xdp_sessions.h"

struct xdp_engine {
	struct bpf_object *obj;
	int prog_fd;
	const struct vg_config *cfg;              /* owned */
	unsigned ifindex[XDP_MAX_GUESTS];         /* 0: no interface */
	int link[XDP_MAX_GUESTS];                 /* -1: not attached */
	unsigned active;                          /* policy slot the program reads */
	unsigned long long generation;
};

int xdp_engine_map_fd(const struct xdp_engine *e, const char *name)
{
	struct bpf_map *m = bpf_object__find_map_by_name(e->obj, name);

	return m ? bpf_map__fd(m) : -ENOENT;
}

const struct vg_config *xdp_engine_config(const struct xdp_engine *e)
{
	return e->cfg;
}

/* Each guest's interface as an ifindex; -ENODEV naming the first missing. */
static int resolve_interfaces(const struct vg_config *cfg, unsigned *ifindex,
			      char *err, size_t size)
{
	for (size_t i = 0; i < cfg->n_guests; i++) {
		const struct vg_guest *g = &cfg->guests[i];

		ifindex[i] = 0;
		if (!g->interface)
			continue;
		ifindex[i] = if_nametoindex(g->interface);
		if (!ifindex[i]) {
			snprintf(err, size, "%s:%u: guest '%s': interface '%s': %s", cfg->path,
				 g->line, g->name, g->interface, strerror(errno));
			return -ENODEV;
		}
	}
	return 0;
}

struct xdp_engine *xdp_engine_open(const char *object, const struct vg_config *cfg,
				   char *err, size_t size)
{
	struct xdp_engine *e = calloc(1, sizeof(*e));
	struct bpf_program *prog;
	int r;

	if (!e) {
		snprintf(err, size, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < XDP_MAX_GUESTS; i++)
		e->link[i] = -1;
	if (xdp_policy_check(cfg, err, size) < 0 ||
	    resolve_interfaces(cfg, e->ifindex, err, size) < 0) {
		free(e);
		return NULL;
	}
	e->obj = bpf_object__open_file(object, NULL);
	if (!e->obj) {
		snprintf(err, size, "%s: cannot open: %s", object, strerror(errno));
		free(e);
		return NULL;
	}
	r = bpf_object__load(e->obj);
	prog = bpf_object__find_program_by_name(e->obj, "vg_xdp");
	if (r < 0 || !prog) {
		snprintf(err, size, "%s: the kernel refused to load it: %s", object,
			 r < 0 ? strerror(-r) : "no program 'vg_xdp'");
		bpf_object__close(e->obj);
		free(e);
		return NULL;
	}
	e->prog_fd = bpf_program__fd(prog);
	e->cfg = cfg;
	return e;
}

static int update(const struct xdp_engine *e, const char *map, const void *key,
		  const void *value)
{
	int fd = xdp_engine_map_fd(e, map);

	if (fd < 0)
		return fd;
	return bpf_map_update_elem(fd, key, value, BPF_ANY) < 0 ? -errno : 0;
}

static int add_address(const struct xdp_engine *e, int family, const uint8_t *addr,
		       __u32 owner)
{
	struct xdp_addr_key k = { .family = (__u8)family };

	memcpy(k.addr, addr, family == 4 ? 4 : 16);
	return update(e, "vg_addrs", &k, &owner);
}

/* Who is where: guests, their addresses and interfaces, the gateway. */
static int fill_topology(const struct xdp_engine *e)
{
	const struct vg_config *cfg = e->cfg;
	struct xdp_gateway gw = { 0 };
	__u32 zero = 0;
	int r = 0;

	memcpy(gw.mac, cfg->gateway.control_mac.bytes, 6);
	r = update(e, "vg_gateway", &zero, &gw);
	if (!r && cfg->gateway.has_control_ipv4)
		r = add_address(e, 4, cfg->gateway.control_ipv4.addr, XDP_GATEWAY);
	if (!r && cfg->gateway.has_control_ipv6)
		r = add_address(e, 6, cfg->gateway.control_ipv6.addr, XDP_GATEWAY);
	for (__u32 i = 0; !r && i < cfg->n_guests; i++) {
		const struct vg_guest *cg = &cfg->guests[i];
		struct xdp_guest g;

		xdp_guest_of(cfg, i, &g);
		g.ifindex = e->ifindex[i];
		r = update(e, "vg_guests", &i, &g);
		if (!r && cg->has_ipv4)
			r = add_address(e, 4, cg->ipv4.addr, i);
		if (!r && cg->has_ipv6)
			r = add_address(e, 6, cg->ipv6.addr, i);
		if (!r && g.ifindex) {
			r = update(e, "vg_ports", &i, &g.ifindex);
			if (!r)
				r = update(e, "vg_ifaces", &g.ifindex, &i);
		}
	}
	return r;
}

/* cfg's rules and header into slot. */
static int fill_policy(const struct xdp_engine *e, const struct vg_config *cfg,
		       unsigned slot, unsigned long long generation)
{
	int n = xdp_rules_compile(cfg, NULL, XDP_MAX_ENTRIES), r = 0;
	struct xdp_rule_entry *entries;
	struct xdp_policy h;

	if (n < 0)
		return n;
	entries = calloc((size_t)n + 1, sizeof(*entries));
	if (!entries)
		return -ENOMEM;
	xdp_rules_compile(cfg, entries, XDP_MAX_ENTRIES);
	for (int i = 0; !r && i < n; i++) {
		__u32 idx = slot * XDP_MAX_ENTRIES + (__u32)i;

		r = update(e, "vg_rules", &idx, &entries[i]);
	}
	free(entries);
	xdp_policy_header(cfg, (unsigned)n, generation, &h);
	return r ? r : update(e, "vg_policy", &slot, &h);
}

static void detach_all(struct xdp_engine *e)
{
	for (size_t i = 0; i < XDP_MAX_GUESTS; i++) {
		if (e->link[i] >= 0)
			close(e->link[i]);   /* the link's last fd: detached */
		e->link[i] = -1;
	}
}

int xdp_engine_attach(struct xdp_engine *e, enum xdp_mode mode, char *err, size_t size)
{
	static const __u32 flags[] = {
		[XDP_MODE_AUTO] = 0,
		[XDP_MODE_NATIVE] = XDP_FLAGS_DRV_MODE,
		[XDP_MODE_GENERIC] = XDP_FLAGS_SKB_MODE,
	};
	__u32 zero = 0;
	int r;

	r = fill_topology(e);
	if (!r)
		r = fill_policy(e, e->cfg, 0, ++e->generation);
	if (!r)
		r = update(e, "vg_active", &zero, &zero);
	if (r < 0) {
		snprintf(err, size, "cannot fill the maps: %s", strerror(-r));
		return r;
	}
	for (size_t i = 0; i < e->cfg->n_guests; i++) {
		LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = flags[mode]);

		if (!e->ifindex[i])
			continue;
		e->link[i] = bpf_link_create(e->prog_fd, (int)e->ifindex[i], BPF_XDP, &opts);
		if (e->link[i] < 0) {
			r = -errno;
			e->link[i] = -1;
			snprintf(err, size, "guest '%s': cannot attach to '%s': %s%s",
				 e->cfg->guests[i].name, e->cfg->guests[i].interface,
				 strerror(-r), r == -EBUSY ? " (another XDP program is attached)" : "");
			detach_all(e);
			return r;
		}
	}
	return 0;
}

int xdp_engine_reload(struct xdp_engine *e, const struct vg_config *cfg,
		      char *err, size_t size)
{
	/* Programs run under RCU for microseconds; this is far longer. */
	const struct timespec grace = { .tv_nsec = 50 * 1000 * 1000 };
	unsigned idle = e->active ^ 1;
	__u32 zero = 0, flip = idle;
	int r;

	r = xdp_policy_check(cfg, err, size);
	if (r < 0)
		return r;
	if (!xdp_topology_same(e->cfg, cfg)) {
		snprintf(err, size, "%s: guests, interfaces or the gateway's identity changed: "
			 "restart vmgate-xdp for that", cfg->path);
		return -EINVAL;
	}
	r = fill_policy(e, cfg, idle, e->generation + 1);
	if (!r)
		r = update(e, "vg_active", &zero, &flip);
	if (r < 0) {
		snprintf(err, size, "cannot fill the maps: %s", strerror(-r));
		return r;
	}
	e->active = idle;
	e->generation++;
	vg_config_free(e->cfg);
	e->cfg = cfg;
	/* Frames still reading the old slot finish before anyone rewrites it;
	 * then the sessions it opened meet the new rules. */
	nanosleep(&grace, NULL);
	xdp_sessions_recheck(xdp_engine_map_fd(e, "vg_sessions"), cfg);
	return 0;
}

void xdp_engine_close(struct xdp_engine *e)
{
	if (!e)
		return;
	detach_all(e);
	bpf_object__close(e->obj);
	vg_config_free(e->cfg);
	free(e);
}
