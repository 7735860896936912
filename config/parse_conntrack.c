/* SPDX-License-Identifier: BSD-3-Clause */
/* Connection tracking: the session table's size, each guest's share of
 * it, and how long an idle session lives in each state. */
#include "parse.h"

#define CT_SESSIONS_MAX 1048576u
#define CT_TIMEOUT_MAX 604800       /* a week */

static const char *const conntrack_keys[] = { "max_sessions", "per_guest", "timeouts",
					      NULL };

/* By enum: the names are the session states docs/dataplane.md lists. */
static const char *const timeout_names[VG_CT_TIMEOUTS + 1] = {
	"syn_sent", "syn_recv", "established", "fin_wait", "closing", "time_wait",
	"closed", "udp", "icmp", NULL,
};
static const uint32_t timeout_defaults[VG_CT_TIMEOUTS] = {
	120, 60, 7200, 120, 120, 120, 10, 30, 30,
};

const char *vg_ct_timeout_name(unsigned i)
{
	return i < VG_CT_TIMEOUTS ? timeout_names[i] : NULL;
}

static void parse_timeouts(struct parse *p, const config_setting_t *ct,
			   struct vg_conntrack *c)
{
	const config_setting_t *t;

	if (read_group(p, ct, "timeouts", "conntrack", false, &t) <= 0)
		return;
	read_known_keys(p, t, "conntrack", timeout_names);
	for (unsigned i = 0; i < VG_CT_TIMEOUTS; i++) {
		int64_t v;

		if (read_int(p, t, timeout_names[i], "conntrack", false, 1, CT_TIMEOUT_MAX,
			     &v) > 0)
			c->timeout_s[i] = (uint32_t)v;
	}
}

void parse_conntrack(struct parse *p, const config_setting_t *root)
{
	struct vg_conntrack *c = &p->cfg->conntrack;
	const config_setting_t *ct;
	int64_t max = 65536, per_guest = 0;
	int r;

	for (unsigned i = 0; i < VG_CT_TIMEOUTS; i++)
		c->timeout_s[i] = timeout_defaults[i];
	c->max_sessions = (uint32_t)max;
	c->per_guest = 16384;
	if (read_group(p, root, "conntrack", NULL, false, &ct) <= 0)
		return;
	read_known_keys(p, ct, "conntrack", conntrack_keys);
	read_int(p, ct, "max_sessions", "conntrack", false, 8, CT_SESSIONS_MAX, &max);
	c->max_sessions = (uint32_t)max;
	r = read_int(p, ct, "per_guest", "conntrack", false, 1, CT_SESSIONS_MAX, &per_guest);
	if (r > 0 && per_guest > max)
		parse_error(p, config_setting_get_member(ct, "per_guest"), "conntrack",
			    "'per_guest' (%lld) is more than 'max_sessions' (%lld)",
			    (long long)per_guest, (long long)max);
	/* Without one, a guest may hold a quarter of the table, as by default. */
	c->per_guest = r > 0 ? (uint32_t)per_guest : (uint32_t)(max / 4 ? max / 4 : 1);
	parse_timeouts(p, ct, c);
}
