/* SPDX-License-Identifier: BSD-3-Clause */
/* Operators: who may manage guests through vmmd, by client certificate. */
#include <stdio.h>

#include "parse.h"

static const char *const operator_keys[] = { "name", "certificate", "role", NULL };

void parse_operators(struct parse *p, const config_setting_t *root)
{
	const config_setting_t *list;
	struct vg_operator *ops;
	int n;

	if (read_sequence(p, root, "operators", NULL, false, &list) <= 0)
		return;
	n = config_setting_length(list);
	ops = parse_oom_check(p, vg_arena_array(p->arena, (size_t)n, sizeof(*ops)));
	if (!ops)
		return;
	for (int i = 0; i < n; i++) {
		const config_setting_t *os = config_setting_get_elem(list, (unsigned)i);
		struct vg_operator *o = &ops[i];
		char ctx[CTX_MAX];
		int role = VG_ROLE_USER;

		snprintf(ctx, sizeof(ctx), "operator %d", i + 1);
		if (config_setting_type(os) != CONFIG_TYPE_GROUP) {
			parse_error(p, os, ctx, "must be a group { ... }");
			continue;
		}
		if (read_string(p, os, "name", ctx, true, &o->name) > 0) {
			if (name_is_valid(o->name))
				snprintf(ctx, sizeof(ctx), "operator '%s'", o->name);
			else
				parse_error(p, config_setting_get_member(os, "name"), ctx,
					    "invalid name '%.64s'", o->name);
		}
		read_known_keys(p, os, ctx, operator_keys);
		read_path(p, os, "certificate", ctx, true, &o->certificate);
		read_enum(p, os, "role", ctx, true, role_names, &role);
		o->role = (enum vg_role)role;
	}
	p->cfg->operators = ops;
	p->cfg->n_operators = (size_t)n;
}
