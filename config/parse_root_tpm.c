/* SPDX-License-Identifier: BSD-3-Clause */
/* The root_tpm section: how vtpmd reaches the root of trust, where it keeps
 * the vTPMs' state, and which of the gateway's files it measures. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"

#define DEFAULT_TCTI "device:/dev/tpmrm0"
#define DEFAULT_STATE_DIR "/var/lib/vmgate/vtpm"
#define MAX_MEASURE 32

static const char *const root_tpm_keys[] = { "tcti", "state_dir", "measure", NULL };

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

/* 'measure': files relative to the policy's directory become absolute. */
static void parse_measure(struct parse *p, const config_setting_t *t,
			  struct vg_root_tpm *rt)
{
	const char *const *list;
	const char **abs;
	size_t n;

	if (read_string_list(p, t, "measure", "root_tpm", false, &list, &n) <= 0)
		return;
	if (n > MAX_MEASURE) {
		parse_error(p, config_setting_get_member(t, "measure"), "root_tpm",
			    "'measure' lists %zu files (at most %d)", n, MAX_MEASURE);
		return;
	}
	abs = parse_oom_check(p, vg_arena_array(p->arena, n ? n : 1, sizeof(*abs)));
	if (!abs)
		return;
	for (size_t i = 0; i < n; i++) {
		char buf[PATH_MAX];
		int len = list[i][0] == '/' ? snprintf(buf, sizeof(buf), "%s", list[i])
			: snprintf(buf, sizeof(buf), "%s/%s", p->base_dir, list[i]);

		if (list[i][0] == '\0' || len < 0 || (size_t)len >= sizeof(buf)) {
			parse_error(p, config_setting_get_member(t, "measure"), "root_tpm",
				    "'measure' item %zu is empty or too long a path", i + 1);
			return;
		}
		abs[i] = parse_oom_check(p, vg_arena_strdup(p->arena, buf));
		if (!abs[i])
			return;
	}
	rt->measure = abs;
	rt->n_measure = n;
}

void parse_root_tpm(struct parse *p, const config_setting_t *root)
{
	const config_setting_t *t;

	p->cfg->root_tpm.tcti = DEFAULT_TCTI;
	p->cfg->root_tpm.state_dir = DEFAULT_STATE_DIR;
	if (read_group(p, root, "root_tpm", NULL, false, &t) <= 0)
		return;
	read_known_keys(p, t, "root_tpm", root_tpm_keys);
	if (read_string(p, t, "tcti", "root_tpm", false, &p->cfg->root_tpm.tcti) > 0 &&
	    !tcti_is_known(p->cfg->root_tpm.tcti))
		parse_error(p, config_setting_get_member(t, "tcti"), "root_tpm",
			    "unknown TCTI '%s' (want device:, swtpm:, mssim: or tabrmd:)",
			    p->cfg->root_tpm.tcti);
	if (read_string(p, t, "state_dir", "root_tpm", false,
			&p->cfg->root_tpm.state_dir) > 0 &&
	    p->cfg->root_tpm.state_dir[0] != '/')
		parse_error(p, config_setting_get_member(t, "state_dir"), "root_tpm",
			    "'state_dir' must be an absolute path");
	parse_measure(p, t, &p->cfg->root_tpm);
}
