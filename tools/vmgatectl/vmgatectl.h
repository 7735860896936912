/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VMGATECTL_H
#define VMGATECTL_H

#include <stdbool.h>
#include <stdio.h>

#include "vg_config.h"

/* Options every command sees. */
struct ctl_opts {
	const char *config;   /* -c FILE */
	bool json;            /* --json: one JSON document on stdout */
	bool verbose;         /* -v */
};

/* Commands return the process exit status: 0 success, 1 the request
 * failed (an invalid file, ...), 2 a usage error. */
int cmd_check(const struct ctl_opts *o);

/* Human tables of a config's guests and rules. */
void policy_table_print(const struct vg_config *cfg, FILE *out);

#endif
