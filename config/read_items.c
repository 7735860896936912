/* SPDX-License-Identifier: BSD-3-Clause */
/* Lists of named items (guests, rules, operators, signatures, programs):
 * the shape every such section shares. */
#include <stdio.h>

#include "parse.h"

void *read_items(struct parse *p, const config_setting_t *group, const char *key,
		 const char *ctx, size_t max, size_t size, size_t *n,
		 const config_setting_t **list)
{
	void *items;
	size_t count;

	*n = 0;
	if (read_sequence(p, group, key, ctx, false, list) <= 0)
		return NULL;
	count = (size_t)config_setting_length(*list);
	if (count > max) {
		parse_error(p, *list, ctx, "too many %s (%zu; at most %zu)", key, count, max);
		return NULL;
	}
	items = parse_oom_check(p, vg_arena_array(p->arena, count, size));
	if (items)
		*n = count;
	return items;
}

bool read_item_head(struct parse *p, const config_setting_t *item,
		    const char *kind, size_t index, bool name_required,
		    const char **name, char ctx[CTX_MAX])
{
	const char *v;

	snprintf(ctx, CTX_MAX, "%s %zu", kind, index + 1);
	if (config_setting_type(item) != CONFIG_TYPE_GROUP) {
		parse_error(p, item, ctx, "must be a group { ... }");
		return false;
	}
	if (read_string(p, item, "name", ctx, name_required, &v) <= 0)
		return true;
	if (!name_is_valid(v)) {
		parse_error(p, config_setting_get_member(item, "name"), ctx,
			    "invalid name '%.64s' (letters, digits, '.', '_', '-'; at most %d)",
			    v, VG_NAME_MAX);
		return true;
	}
	*name = v;
	snprintf(ctx, CTX_MAX, "%s '%s'", kind, v);
	return true;
}
