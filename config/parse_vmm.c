/* SPDX-License-Identifier: BSD-3-Clause */
/* The vmm section: settings of vmgate-vmmd, the guests' manager: where the
 * audit log of management actions and authentications lives, where saved
 * guests go, and how often the attestation service may have a guest
 * relaunched. */
#include <limits.h>
#include <string.h>

#include "parse.h"

#define DEFAULT_AUDIT_LOG "/var/lib/vmgate/audit.log"
#define DEFAULT_SAVE_DIR "/var/lib/vmgate/saved"

static const char *const vmm_keys[] = { "audit_log", "save_dir", "restart_limit",
					"restart_window", NULL };

void parse_vmm(struct parse *p, const config_setting_t *root)
{
	const config_setting_t *v;
	const char *log, *save;
	int64_t limit = 3, window = 600;

	p->cfg->vmm.audit_log = DEFAULT_AUDIT_LOG;
	p->cfg->vmm.save_dir = DEFAULT_SAVE_DIR;
	p->cfg->vmm.restart_limit = (uint32_t)limit;
	p->cfg->vmm.restart_window_s = (uint32_t)window;
	if (read_group(p, root, "vmm", NULL, false, &v) <= 0)
		return;
	read_known_keys(p, v, "vmm", vmm_keys);
	/* A guest that keeps failing is relaunched a few times, not forever. */
	read_int(p, v, "restart_limit", "vmm", false, 0, VG_RESTART_LIMIT_MAX, &limit);
	read_int(p, v, "restart_window", "vmm", false, 60, 86400, &window);
	p->cfg->vmm.restart_limit = (uint32_t)limit;
	p->cfg->vmm.restart_window_s = (uint32_t)window;
	/* A save is "<save_dir>/<guest>.vgsave.tmp" until it is complete. */
	if (read_path(p, v, "save_dir", "vmm", false, &save) > 0) {
		if (strlen(save) + 1 + VG_NAME_MAX + sizeof(".vgsave.tmp") > PATH_MAX)
			parse_error(p, config_setting_get_member(v, "save_dir"), "vmm",
				    "'save_dir' is too long a path");
		else
			p->cfg->vmm.save_dir = save;
	}
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
