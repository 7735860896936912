/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_PARSE_ADDR_H
#define VG_PARSE_ADDR_H

#include "parse.h"

/* Internal to config/; return convention as in parse.h. */
int read_mac(struct parse *p, const config_setting_t *group, const char *key,
	     const char *ctx, bool required, struct vg_mac *out);
/* An address with an optional /len (the on-link prefix). */
int read_ip(struct parse *p, const config_setting_t *group, const char *key,
	    const char *ctx, bool required, enum vg_af family,
	    struct vg_ip_prefix *out);

#endif
