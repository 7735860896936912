/* SPDX-License-Identifier: BSD-3-Clause */
/* The session table's limits and timeouts, from the policy's conntrack
 * section. The section names its timeouts as the table names its states. */
#include "ct_settings.h"

#include <string.h>

void ct_settings(const struct vg_config *cfg, struct ct_limits *limits,
		 struct ct_timeouts *timeouts)
{
	const struct vg_conntrack *c = &cfg->conntrack;

	limits->max_sessions = c->max_sessions;
	limits->per_guest = c->per_guest;
	for (int s = 0; s < CT_STATE_MAX; s++) {
		timeouts->s[s] = CT_TIMEOUTS_DEFAULT.s[s];
		for (unsigned i = 0; vg_ct_timeout_name(i); i++)
			if (strcmp(vg_ct_timeout_name(i), ct_state_name((enum ct_state)s)) == 0)
				timeouts->s[s] = c->timeout_s[i];
	}
}
