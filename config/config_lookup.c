/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "vg_config.h"

const struct vg_guest *vg_config_guest(const struct vg_config *cfg,
				       const char *name)
{
	for (size_t i = 0; i < cfg->n_guests; i++)
		if (strcmp(cfg->guests[i].name, name) == 0)
			return &cfg->guests[i];
	return NULL;
}

const struct vg_group *vg_config_group(const struct vg_config *cfg,
				       const char *name)
{
	for (size_t i = 0; i < cfg->n_groups; i++)
		if (strcmp(cfg->groups[i].name, name) == 0)
			return &cfg->groups[i];
	return NULL;
}

void vg_endpoint_format(const struct vg_config *cfg, const struct vg_endpoint *ep,
			char *buf, size_t size)
{
	switch (ep->kind) {
	case VG_EP_GUEST:
		snprintf(buf, size, "%s", cfg->guests[ep->index].name);
		break;
	case VG_EP_GROUP:
		snprintf(buf, size, "@%s", cfg->groups[ep->index].name);
		break;
	default:
		snprintf(buf, size, "any");
	}
}

void vg_port_ranges_format(const struct vg_port_range *r, size_t n, char *buf,
			   size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	if (n == 0)
		snprintf(buf, size, "any");
	for (size_t i = 0; i < n && used < size; i++) {
		int w = r[i].lo == r[i].hi
			? snprintf(buf + used, size - used, "%s%u", i ? "," : "", r[i].lo)
			: snprintf(buf + used, size - used, "%s%u-%u", i ? "," : "",
				   r[i].lo, r[i].hi);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}
