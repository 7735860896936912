/* SPDX-License-Identifier: BSD-3-Clause */
/* vmmd's entries in the hash-chained audit log (vmm.audit_log). */
#include <string.h>

#include "audit_log.h"
#include "vmmd.h"

int vmmd_audit(const struct vmmd *d, const char *actor, const char *action,
	       const char *target, int result, const char *detail)
{
	int r = vg_audit_append(d->cfg->vmm.audit_log, actor, action, target,
				(enum vg_audit_result)result, detail, NULL);

	if (r < 0)
		VMMD_LOG("cannot append to the audit log %s (%s %s %s): %s",
			 d->cfg->vmm.audit_log, actor, action, target ? target : "",
			 strerror(-r));
	return r;
}
