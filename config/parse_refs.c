/* SPDX-License-Identifier: BSD-3-Clause */
/* Lists of names that refer to items declared elsewhere in the file
 * (signatures, programs), resolved to the items' indexes. */
#include <string.h>

#include "parse.h"

static size_t index_of(const void *items, size_t n_items, size_t size, const char *name)
{
	size_t j = 0;

	while (j < n_items &&
	       strcmp(*(const char *const *)((const char *)items + j * size), name) != 0)
		j++;
	return j;
}

void parse_refs(struct parse *p, const config_setting_t *group, const char *key,
		const char *ctx, const char *what, const void *items, size_t n_items,
		size_t size, const uint32_t **out, size_t *n_out)
{
	const config_setting_t *at = config_setting_get_member(group, key);
	const char *const *names;
	uint32_t *idx;
	size_t n;

	if (read_string_list(p, group, key, ctx, false, &names, &n) <= 0)
		return;
	idx = parse_oom_check(p, vg_arena_array(p->arena, n, sizeof(*idx)));
	if (!idx)
		return;
	for (size_t i = 0; i < n; i++) {
		size_t j = index_of(items, n_items, size, names[i]);

		if (j == n_items) {
			parse_error(p, at, ctx, "unknown %s '%s' in '%s'", what, names[i], key);
			return;
		}
		for (size_t k = 0; k < i; k++)
			if (idx[k] == j) {
				parse_error(p, at, ctx, "%s '%s' is named twice in '%s'", what,
					    names[i], key);
				return;
			}
		idx[i] = (uint32_t)j;
	}
	*out = idx;
	*n_out = n;
}
