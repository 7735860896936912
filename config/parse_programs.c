/* SPDX-License-Identifier: BSD-3-Clause */
/* eBPF programs: objects the filter runs on packets of rules that name
 * them in 'programs'. */
#include <stdio.h>

#include "parse.h"

static const char *const program_keys[] = { "name", "object", "section", NULL };

void parse_programs(struct parse *p, const config_setting_t *root)
{
	const config_setting_t *list;
	struct vg_program *progs;
	int n;

	if (read_sequence(p, root, "programs", NULL, false, &list) <= 0)
		return;
	n = config_setting_length(list);
	progs = parse_oom_check(p, vg_arena_array(p->arena, (size_t)n, sizeof(*progs)));
	if (!progs)
		return;
	for (int i = 0; i < n; i++) {
		const config_setting_t *ps = config_setting_get_elem(list, (unsigned)i);
		struct vg_program *prog = &progs[i];
		char ctx[CTX_MAX];

		snprintf(ctx, sizeof(ctx), "program %d", i + 1);
		prog->name = "";
		prog->section = "filter";
		if (config_setting_type(ps) != CONFIG_TYPE_GROUP) {
			parse_error(p, ps, ctx, "must be a group { ... }");
			continue;
		}
		if (read_string(p, ps, "name", ctx, true, &prog->name) > 0) {
			if (name_is_valid(prog->name))
				snprintf(ctx, sizeof(ctx), "program '%s'", prog->name);
			else
				parse_error(p, config_setting_get_member(ps, "name"), ctx,
					    "invalid name '%.64s'", prog->name);
		}
		read_known_keys(p, ps, ctx, program_keys);
		read_path(p, ps, "object", ctx, true, &prog->object);
		read_string(p, ps, "section", ctx, false, &prog->section);
	}
	p->cfg->programs = progs;
	p->cfg->n_programs = (size_t)n;
}
