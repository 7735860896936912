/* SPDX-License-Identifier: BSD-3-Clause */
/* Operators, signatures and programs are referred to by name, so names are
 * unique within each. */
#include <stddef.h>

#include "parse.h"

_Static_assert(offsetof(struct vg_operator, name) == 0, "name first");
_Static_assert(offsetof(struct vg_signature, name) == 0, "name first");
_Static_assert(offsetof(struct vg_program, name) == 0, "name first");

void validate_unique_names(struct parse *p, const config_setting_t *list,
			   const void *items, size_t n, size_t size,
			   const char *what)
{
	struct dup_key *keys;
	size_t k = 0;

	if (!list || n == 0)
		return;
	keys = parse_oom_check(p, vg_arena_array(p->arena, n, sizeof(*keys)));
	if (!keys)
		return;
	for (size_t i = 0; i < n; i++) {
		const char *name = *(const char *const *)((const char *)items + i * size);
		const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
		const config_setting_t *m = config_setting_get_member(e, "name");

		if (name && name[0])
			keys[k++] = (struct dup_key){ name, setting_line(m ? m : e) };
	}
	report_duplicates(p, keys, k, what);
}
