/* SPDX-License-Identifier: BSD-3-Clause */
/* The root_tpm section: how vtpmd reaches the root of trust. */
#include <string.h>

#include "parse.h"

#define DEFAULT_TCTI "device:/dev/tpmrm0"

static const char *const root_tpm_keys[] = { "tcti", NULL };

/* tpm2-tss TCTI names we build against; the part after ':' is theirs. */
static const char *const tcti_names[] = { "device", "swtpm", "mssim", "tabrmd",
					  NULL };

static bool tcti_is_known(const char *tcti)
{
	size_t len = strcspn(tcti, ":");

	for (int i = 0; tcti_names[i]; i++)
		if (strlen(tcti_names[i]) == len && strncmp(tcti, tcti_names[i], len) == 0)
			return true;
	return false;
}

void parse_root_tpm(struct parse *p, const config_setting_t *root)
{
	const config_setting_t *t;

	p->cfg->root_tpm.tcti = DEFAULT_TCTI;
	if (read_group(p, root, "root_tpm", NULL, false, &t) <= 0)
		return;
	read_known_keys(p, t, "root_tpm", root_tpm_keys);
	if (read_string(p, t, "tcti", "root_tpm", false, &p->cfg->root_tpm.tcti) > 0 &&
	    !tcti_is_known(p->cfg->root_tpm.tcti))
		parse_error(p, config_setting_get_member(t, "tcti"), "root_tpm",
			    "unknown TCTI '%s' (want device:, swtpm:, mssim: or tabrmd:)",
			    p->cfg->root_tpm.tcti);
}
