/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_CT_SETTINGS_H
#define VG_CT_SETTINGS_H

#include "ct_table.h"
#include "vg_config.h"

/* The limits and timeouts cfg asks for (each state's timeout by its name;
 * a state the policy cannot name keeps its default). */
void ct_settings(const struct vg_config *cfg, struct ct_limits *limits,
		 struct ct_timeouts *timeouts);

#endif
