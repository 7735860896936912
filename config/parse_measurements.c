/* SPDX-License-Identifier: BSD-3-Clause */
/* A guest's approved measurements: SHA-256 values per launch part. */
#include <string.h>

#include "hex.h"
#include "parse.h"

static const char *const part_keys[] = { "kernel", "initrd", "cmdline", "disk",
					 NULL };

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
		if (strlen(hex[i]) != 2 * VG_DIGEST_LEN ||
		    vg_hex_decode(hex[i], values[i], VG_DIGEST_LEN) < 0) {
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
