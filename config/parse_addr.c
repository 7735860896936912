/* SPDX-License-Identifier: BSD-3-Clause */
/* Readers for address-valued keys. Return convention as in parse.h. */
#include "parse.h"
#include "parse_addr.h"

int read_mac(struct parse *p, const config_setting_t *group, const char *key,
	     const char *ctx, bool required, struct vg_mac *out)
{
	const char *v;
	int r = read_string(p, group, key, ctx, required, &v);

	if (r <= 0)
		return r;
	if (vg_mac_parse(v, out) < 0) {
		parse_error(p, config_setting_get_member(group, key), ctx,
			    "invalid MAC address '%s' (want a unicast aa:bb:cc:dd:ee:ff)", v);
		return -1;
	}
	return 1;
}

int read_ip(struct parse *p, const config_setting_t *group, const char *key,
	    const char *ctx, bool required, enum vg_af family,
	    struct vg_ip_prefix *out)
{
	const char *v;
	int r = read_string(p, group, key, ctx, required, &v);

	if (r <= 0)
		return r;
	if (vg_ip_prefix_parse(v, family, out) < 0) {
		parse_error(p, config_setting_get_member(group, key), ctx,
			    "invalid %s address '%s'",
			    family == VG_AF_INET ? "IPv4" : "IPv6", v);
		return -1;
	}
	return 1;
}
