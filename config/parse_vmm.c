/* SPDX-License-Identifier: BSD-3-Clause */
/* The vmm section: settings of vmgate-vmmd, the guests' manager. For now
 * where the audit log of management actions and authentications lives. */
#include <limits.h>
#include <string.h>

#include "parse.h"

#define DEFAULT_AUDIT_LOG "/var/lib/vmgate/audit.log"

static const char *const vmm_keys[] = { "audit_log", NULL };

void parse_vmm(struct parse *p, const config_setting_t *root)
{
	const config_setting_t *v;
	const char *log;

	p->cfg->vmm.audit_log = DEFAULT_AUDIT_LOG;
	if (read_group(p, root, "vmm", NULL, false, &v) <= 0)
		return;
	read_known_keys(p, v, "vmm", vmm_keys);
	if (read_path(p, v, "audit_log", "vmm", false, &log) <= 0)
		return;
	/* The head file sits beside the log ("LOG.head", written through
	 * "LOG.head.tmp"), so the log must name a file with room for that. */
	if (strlen(log) + sizeof(".head.tmp") > PATH_MAX) {
		parse_error(p, config_setting_get_member(v, "audit_log"), "vmm",
			    "'audit_log' is too long a path");
		return;
	}
	if (log[strlen(log) - 1] == '/') {
		parse_error(p, config_setting_get_member(v, "audit_log"), "vmm",
			    "'audit_log' must name a file, not a directory");
		return;
	}
	p->cfg->vmm.audit_log = log;
}
