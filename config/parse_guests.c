/* SPDX-License-Identifier: BSD-3-Clause */
/* The guests list: each guest's identity on its port, and its groups. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/un.h>

#include "parse.h"
#include "parse_addr.h"

static const char *const guest_keys[] = {
	"name", "mac", "ipv4", "ipv6", "vhost_socket", "vhost_mode", "groups",
	"launch", "measurements", "rate_limit", "interface", "programs", NULL
};

#define SUN_PATH_MAX (sizeof(((struct sockaddr_un *)0)->sun_path) - 1)

static void parse_socket(struct parse *p, const config_setting_t *gs,
			 const char *ctx, struct vg_guest *g)
{
	char path[512];
	const char *v = NULL;
	int r = read_string(p, gs, "vhost_socket", ctx, false, &v);
	int mode = VG_VHOST_CLIENT;

	read_enum(p, gs, "vhost_mode", ctx, false, vhost_mode_names, &mode);
	g->vhost_mode = (enum vg_vhost_mode)mode;
	if (r < 0 || !g->name)
		return;
	if (r == 0)
		snprintf(path, sizeof(path), "%s/vhost-%s.sock",
			 p->cfg->gateway.runtime_dir, g->name);
	else if (v[0] == '/')
		snprintf(path, sizeof(path), "%s", v);
	else
		snprintf(path, sizeof(path), "%s/%s", p->cfg->gateway.runtime_dir, v);
	if (r > 0 && v[0] == '\0') {
		parse_error(p, config_setting_get_member(gs, "vhost_socket"), ctx,
			    "'vhost_socket' must not be empty");
		return;
	}
	if (strlen(path) > SUN_PATH_MAX) {
		parse_error(p, r ? config_setting_get_member(gs, "vhost_socket") : gs,
			    ctx, "vhost-user socket path '%s' is longer than %zu bytes",
			    path, SUN_PATH_MAX);
		return;
	}
	g->vhost_socket = parse_oom_check(p, vg_arena_strdup(p->arena, path));
}

/* A kernel interface name as the kernel takes it (IFNAMSIZ less the NUL),
 * narrowed to characters that are safe in messages and commands. */
#define IFACE_NAME_MAX 15

static bool interface_name_is_valid(const char *v)
{
	size_t n = strlen(v);

	if (n == 0 || n > IFACE_NAME_MAX || strcmp(v, ".") == 0 || strcmp(v, "..") == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)v[i]) && !strchr("_.-", v[i]))
			return false;
	return true;
}

static void parse_interface(struct parse *p, const config_setting_t *gs,
			    const char *ctx, struct vg_guest *g)
{
	const char *v = NULL;

	if (read_string(p, gs, "interface", ctx, false, &v) <= 0)
		return;
	if (!interface_name_is_valid(v)) {
		parse_error(p, config_setting_get_member(gs, "interface"), ctx,
			    "invalid interface name '%s' (1-%d letters, digits, '_', '.', '-')",
			    v, IFACE_NAME_MAX);
		return;
	}
	g->interface = v;
}

/* Two guests on one interface would make its frames speak for both. */
static void validate_interfaces(struct parse *p, const config_setting_t *list,
				const struct vg_guest *guests, size_t n)
{
	struct dup_key *keys = n ? parse_oom_check(p, vg_arena_alloc(p->arena,
							 n * sizeof(*keys))) : NULL;
	size_t k = 0;

	if (!keys)
		return;
	for (size_t i = 0; i < n; i++) {
		const config_setting_t *gs = config_setting_get_elem(list, (unsigned)i);
		const config_setting_t *at = gs ? config_setting_get_member(gs, "interface") : NULL;

		if (guests[i].interface)
			keys[k++] = (struct dup_key){ guests[i].interface,
						      setting_line(at ? at : gs) };
	}
	report_duplicates(p, keys, k, "interface");
}

static void parse_guest_groups(struct parse *p, const config_setting_t *gs,
			       const char *ctx, struct vg_guest *g)
{
	if (read_string_list(p, gs, "groups", ctx, false, &g->groups,
			     &g->n_groups) <= 0)
		return;
	for (size_t i = 0; i < g->n_groups; i++) {
		const config_setting_t *at = config_setting_get_member(gs, "groups");

		if (!name_is_valid(g->groups[i]))
			parse_error(p, at, ctx, "invalid group name '%s'", g->groups[i]);
		for (size_t j = 0; j < i; j++)
			if (strcmp(g->groups[i], g->groups[j]) == 0)
				parse_error(p, at, ctx, "group '%s' is listed twice",
					    g->groups[i]);
	}
}

static void parse_guest(struct parse *p, const config_setting_t *gs,
			size_t index, struct vg_guest *g)
{
	char ctx[CTX_MAX];
	int r4, r6;

	g->line = setting_line(gs);
	if (!read_item_head(p, gs, "guest", index, true, &g->name, ctx))
		return;
	if (g->name && strcmp(g->name, "any") == 0)
		parse_error(p, config_setting_get_member(gs, "name"), ctx,
			    "the name 'any' is reserved (rules use it for every guest)");
	read_known_keys(p, gs, ctx, guest_keys);
	read_mac(p, gs, "mac", ctx, true, &g->mac);
	r4 = read_ip(p, gs, "ipv4", ctx, false, VG_AF_INET, &g->ipv4);
	r6 = read_ip(p, gs, "ipv6", ctx, false, VG_AF_INET6, &g->ipv6);
	g->has_ipv4 = r4 > 0;
	g->has_ipv6 = r6 > 0;
	if (r4 == 0 && r6 == 0)
		parse_error(p, gs, ctx, "needs 'ipv4' or 'ipv6'");
	parse_socket(p, gs, ctx, g);
	parse_guest_groups(p, gs, ctx, g);
	parse_launch(p, gs, ctx, &g->launch);
	parse_measurements(p, gs, ctx, g);
	parse_rate_limit(p, gs, ctx, &g->rate_limit);
	parse_interface(p, gs, ctx, g);
	parse_refs(p, gs, "programs", ctx, "program", p->cfg->programs, p->cfg->n_programs,
		   sizeof(*p->cfg->programs), &g->programs, &g->n_programs);
}

void parse_guests(struct parse *p, const config_setting_t *root)
{
	const config_setting_t *list;
	size_t n;
	struct vg_guest *guests = read_items(p, root, "guests", NULL, VG_MAX_GUESTS,
					     sizeof(*guests), &n, &list);

	for (size_t i = 0; i < n; i++)
		parse_guest(p, config_setting_get_elem(list, (unsigned)i), i, &guests[i]);
	validate_interfaces(p, list, guests, n);
	p->cfg->guests = guests;
	p->cfg->n_guests = n;
}
