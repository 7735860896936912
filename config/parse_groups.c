/* SPDX-License-Identifier: BSD-3-Clause */
/* Groups are not declared: a group exists because guests name it. This
 * collects them, in order of first mention, with their members. */
#include <string.h>

#include "parse.h"

static struct vg_group *find(struct vg_group *groups, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(groups[i].name, name) == 0)
			return &groups[i];
	return NULL;
}

void parse_groups(struct parse *p)
{
	struct vg_config *cfg = p->cfg;
	struct vg_group *groups;
	size_t n = 0, mentions = 0;

	for (size_t i = 0; i < cfg->n_guests; i++)
		mentions += cfg->guests[i].n_groups;
	groups = parse_oom_check(p, vg_arena_array(p->arena, mentions, sizeof(*groups)));
	if (!groups)
		return;
	for (size_t i = 0; i < cfg->n_guests; i++) {
		for (size_t j = 0; j < cfg->guests[i].n_groups; j++) {
			const char *name = cfg->guests[i].groups[j];

			if (!find(groups, n, name))
				groups[n++].name = name;
		}
	}
	for (size_t k = 0; k < n; k++) {
		uint32_t *members = parse_oom_check(p,
			vg_arena_array(p->arena, cfg->n_guests, sizeof(*members)));

		if (!members)
			return;
		for (size_t i = 0; i < cfg->n_guests; i++)
			for (size_t j = 0; j < cfg->guests[i].n_groups; j++)
				if (strcmp(cfg->guests[i].groups[j], groups[k].name) == 0)
					members[groups[k].n_members++] = (uint32_t)i;
		groups[k].members = members;
	}
	cfg->groups = groups;
	cfg->n_groups = n;
}
