/* SPDX-License-Identifier: BSD-3-Clause */
/* A guest's approved measurements: SHA-256 values per launch part. */
#include <string.h>

#include "parse.h"

static const char *const part_keys[] = { "kernel", "initrd", "cmdline", "disk",
					 NULL };

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool digest_parse(const char *hex, uint8_t out[VG_DIGEST_LEN])
{
	if (strlen(hex) != 2 * VG_DIGEST_LEN)
		return false;
	for (int i = 0; i < VG_DIGEST_LEN; i++) {
		int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

static void parse_part(struct parse *p, const config_setting_t *m,
		       const char *key, const char *ctx, struct vg_digests *d)
{
	const char *const *hex;
	uint8_t (*values)[VG_DIGEST_LEN];
	size_t n;

	if (read_string_list(p, m, key, ctx, false, &hex, &n) <= 0)
		return;
	if (n == 0) {
		parse_error(p, config_setting_get_member(m, key), ctx,
			    "measurement '%s' lists no value", key);
		return;
	}
	values = parse_oom_check(p, vg_arena_array(p->arena, n, sizeof(*values)));
	if (!values)
		return;
	for (size_t i = 0; i < n; i++) {
		if (!digest_parse(hex[i], values[i])) {
			parse_error(p, config_setting_get_member(m, key), ctx,
				    "measurement '%s' must be 64 hex digits (SHA-256), not '%s'",
				    key, hex[i]);
			return;
		}
	}
	d->values = (const uint8_t (*)[VG_DIGEST_LEN])values;
	d->n = n;
}

void parse_measurements(struct parse *p, const config_setting_t *guest,
			const char *ctx, struct vg_guest *g)
{
	const config_setting_t *m, *launch;
	struct vg_measurements *ms = &g->measurements;
	const char *parts[] = { g->launch.kernel, g->launch.initrd,
				g->launch.cmdline, g->launch.disk };
	struct vg_digests *sets[] = { &ms->kernel, &ms->initrd, &ms->cmdline,
				      &ms->disk };

	if (read_group(p, guest, "measurements", ctx, false, &m) > 0) {
		read_known_keys(p, m, ctx, part_keys);
		for (int i = 0; part_keys[i]; i++)
			parse_part(p, m, part_keys[i], ctx, sets[i]);
	}
	/* vmmd refuses to boot what it cannot compare: every part needs one. */
	launch = config_setting_get_member(guest, "launch");
	for (int i = 0; part_keys[i]; i++)
		if (parts[i] && sets[i]->n == 0)
			parse_error(p, config_setting_get_member(launch, part_keys[i]),
				    ctx, "launch part '%s' has no approved measurement",
				    part_keys[i]);
}
