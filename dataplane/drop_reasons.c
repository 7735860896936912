/* SPDX-License-Identifier: BSD-3-Clause */
#include "drop_reasons.h"

static const char *const names[] = {
#define _(id, name, text) name,
	VG_DROP_REASONS(_)
#undef _
};

static const char *const texts[] = {
#define _(id, name, text) text,
	VG_DROP_REASONS(_)
#undef _
};

const char *vg_drop_name(enum vg_drop_reason r)
{
	return (unsigned)r < VG_DROP_MAX ? names[r] : "?";
}

const char *vg_drop_text(enum vg_drop_reason r)
{
	return (unsigned)r < VG_DROP_MAX ? texts[r] : "?";
}
