/* SPDX-License-Identifier: BSD-3-Clause */
/* Identities must be unique: a frame is switched by the guest that owns its
 * MAC or IP, so two owners would make forwarding ambiguous. So must the
 * users guests' QEMUs run as. */
#include <stdio.h>
#include <string.h>

#include "parse.h"

static unsigned member_line(const config_setting_t *gs, const char *key)
{
	const config_setting_t *m = config_setting_get_member(gs, key);

	return setting_line(m ? m : gs);
}

static const char *key_text(struct parse *p, const char *text)
{
	return parse_oom_check(p, vg_arena_strdup(p->arena, text));
}

static const char *ip_text(struct parse *p, const struct vg_ip_prefix *ip)
{
	char buf[64];

	vg_ip_prefix_format(ip, buf, sizeof(buf));
	*strchr(buf, '/') = '\0'; /* the address is the identity, not the prefix */
	return key_text(p, buf);
}

struct key_sets {
	struct dup_key *names, *macs, *v4, *v6, *socks, *users;
	size_t n_names, n_macs, n_v4, n_v6, n_socks, n_users;
};

/* The line of launch.user in guest gs. */
static unsigned user_line(const config_setting_t *gs)
{
	const config_setting_t *l = config_setting_get_member(gs, "launch");

	return l ? member_line(l, "user") : setting_line(gs);
}

static void add(struct dup_key *set, size_t *n, const char *key, unsigned line)
{
	if (key)
		set[(*n)++] = (struct dup_key){ key, line };
}

/* Two default sockets collide only when their names do, which is already
 * reported once. */
static bool name_seen_before(const struct vg_config *cfg, size_t i)
{
	for (size_t j = 0; j < i && cfg->guests[i].name; j++)
		if (cfg->guests[j].name && strcmp(cfg->guests[j].name, cfg->guests[i].name) == 0)
			return true;
	return false;
}

void validate_guests(struct parse *p, const config_setting_t *root)
{
	const struct vg_config *cfg = p->cfg;
	const struct vg_gateway *gw = &cfg->gateway;
	const config_setting_t *list = config_setting_get_member(root, "guests");
	const config_setting_t *gws = config_setting_get_member(root, "gateway");
	size_t n = cfg->n_guests + 1;
	struct key_sets k = { 0 };
	char mac[24];

	if (!list || !gws)
		return;
	k.names = parse_oom_check(p, vg_arena_array(p->arena, n, sizeof(struct dup_key)));
	k.macs = parse_oom_check(p, vg_arena_array(p->arena, n, sizeof(struct dup_key)));
	k.v4 = parse_oom_check(p, vg_arena_array(p->arena, n, sizeof(struct dup_key)));
	k.v6 = parse_oom_check(p, vg_arena_array(p->arena, n, sizeof(struct dup_key)));
	k.socks = parse_oom_check(p, vg_arena_array(p->arena, n, sizeof(struct dup_key)));
	k.users = parse_oom_check(p, vg_arena_array(p->arena, n, sizeof(struct dup_key)));
	if (!k.names || !k.macs || !k.v4 || !k.v6 || !k.socks || !k.users)
		return;
	/* The gateway's own control identity comes first: it is defined first. */
	vg_mac_format(&gw->control_mac, mac, sizeof(mac));
	add(k.macs, &k.n_macs, key_text(p, mac), member_line(gws, "control_mac"));
	if (gw->has_control_ipv4)
		add(k.v4, &k.n_v4, ip_text(p, &gw->control_ipv4),
		    member_line(gws, "control_ipv4"));
	if (gw->has_control_ipv6)
		add(k.v6, &k.n_v6, ip_text(p, &gw->control_ipv6),
		    member_line(gws, "control_ipv6"));
	for (size_t i = 0; i < cfg->n_guests; i++) {
		const struct vg_guest *g = &cfg->guests[i];
		const config_setting_t *gs = config_setting_get_elem(list, (unsigned)i);

		add(k.names, &k.n_names, g->name, member_line(gs, "name"));
		/* Certificates name their holder: a guest called like the
		 * gateway would hold "<gateway> AK" and pass for it. */
		if (g->name && gw->name && strcmp(g->name, gw->name) == 0)
			parse_error_line(p, member_line(gs, "name"), NULL,
					 "guest '%s' has the gateway's name", g->name);
		vg_mac_format(&g->mac, mac, sizeof(mac));
		if (config_setting_get_member(gs, "mac"))
			add(k.macs, &k.n_macs, key_text(p, mac), member_line(gs, "mac"));
		if (g->has_ipv4)
			add(k.v4, &k.n_v4, ip_text(p, &g->ipv4), member_line(gs, "ipv4"));
		if (g->has_ipv6)
			add(k.v6, &k.n_v6, ip_text(p, &g->ipv6), member_line(gs, "ipv6"));
		if (config_setting_get_member(gs, "vhost_socket") ||
		    !name_seen_before(cfg, i))
			add(k.socks, &k.n_socks, g->vhost_socket,
			    member_line(gs, "vhost_socket"));
		/* Each guest's QEMU runs as its own user: a shared one could
		 * reach the other guest's memory, disks and TPM socket. */
		add(k.users, &k.n_users, g->launch.user, user_line(gs));
	}
	report_duplicates(p, k.names, k.n_names, "guest name");
	report_duplicates(p, k.macs, k.n_macs, "MAC address");
	report_duplicates(p, k.v4, k.n_v4, "IPv4 address");
	report_duplicates(p, k.v6, k.n_v6, "IPv6 address");
	report_duplicates(p, k.socks, k.n_socks, "vhost-user socket");
	report_duplicates(p, k.users, k.n_users, "QEMU user");
}
