/* SPDX-License-Identifier: BSD-3-Clause */
/* Operators: who may manage guests through vmmd, by client certificate. */
#include "parse.h"

static const char *const operator_keys[] = { "name", "certificate", "role", NULL };

void parse_operators(struct parse *p, const config_setting_t *root)
{
	const config_setting_t *list;
	size_t n;
	struct vg_operator *ops = read_items(p, root, "operators", NULL, 4096,
					     sizeof(*ops), &n, &list);

	for (size_t i = 0; i < n; i++) {
		const config_setting_t *os = config_setting_get_elem(list, (unsigned)i);
		struct vg_operator *o = &ops[i];
		char ctx[CTX_MAX];
		int role = VG_ROLE_USER;

		if (!read_item_head(p, os, "operator", i, true, &o->name, ctx))
			continue;
		read_known_keys(p, os, ctx, operator_keys);
		read_path(p, os, "certificate", ctx, true, &o->certificate);
		read_enum(p, os, "role", ctx, true, role_names, &role);
		o->role = (enum vg_role)role;
	}
	p->cfg->operators = ops;
	p->cfg->n_operators = n;
}
