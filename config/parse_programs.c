/* SPDX-License-Identifier: BSD-3-Clause */
/* eBPF programs: objects the filter runs on the frames of the rules and
 * guests that name them in 'programs', or on every frame when the policy
 * names them. */
#include "parse.h"

static const char *const program_keys[] = { "name", "object", "section", NULL };

void parse_programs(struct parse *p, const config_setting_t *root)
{
	const config_setting_t *list;
	size_t n;
	struct vg_program *progs = read_items(p, root, "programs", NULL, 1024,
					      sizeof(*progs), &n, &list);

	for (size_t i = 0; i < n; i++) {
		const config_setting_t *ps = config_setting_get_elem(list, (unsigned)i);
		struct vg_program *prog = &progs[i];
		char ctx[CTX_MAX];

		prog->name = "";
		prog->section = "filter";
		if (!read_item_head(p, ps, "program", i, true, &prog->name, ctx))
			continue;
		read_known_keys(p, ps, ctx, program_keys);
		read_path(p, ps, "object", ctx, true, &prog->object);
		read_string(p, ps, "section", ctx, false, &prog->section);
	}
	p->cfg->programs = progs;
	p->cfg->n_programs = n;
}
