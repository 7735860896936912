/* SPDX-License-Identifier: BSD-3-Clause */
/* The audit entry of a launch: who launched which guest, and whether its
 * measurements were approved. */
#include <stdio.h>
#include <string.h>

#include "audit_log.h"
#include "launch.h"

int launch_audit(const struct launch *l, int result, const char *detail)
{
	const char *path = l->cfg->vmm.audit_log;
	int r = vg_audit_append(path, "vmgate-launch", l->action ? l->action : "guest.launch",
				l->guest->name,
				(enum vg_audit_result)result, detail, NULL);

	if (r < 0)
		LAUNCH_LOG("cannot append to the audit log '%s': %s", path, strerror(-r));
	return r;
}
