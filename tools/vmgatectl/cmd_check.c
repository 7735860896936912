/* SPDX-License-Identifier: BSD-3-Clause */
/* vmgatectl check: validate a policy file. */
#include <json-c/json.h>

#include "config_json.h"
#include "vmgatectl.h"

static int check_json(const struct ctl_opts *o, const struct vg_config *cfg,
		      const struct vg_diag *diag)
{
	struct json_object *doc = json_object_new_object();
	struct json_object *errors = vg_diag_to_json(diag);

	if (!doc || !errors) {
		fprintf(stderr, "vmgatectl: out of memory\n");
		json_object_put(doc);
		json_object_put(errors);
		return 1;
	}
	json_object_object_add(doc, "file", json_object_new_string(o->config));
	json_object_object_add(doc, "valid", json_object_new_boolean(cfg != NULL));
	json_object_object_add(doc, "errors", errors);
	json_object_object_add(doc, "config", cfg ? vg_config_to_json(cfg) : NULL);
	print_json(doc);
	json_object_put(doc);
	return cfg ? 0 : 1;
}

int cmd_check(const struct ctl_opts *o, int argc, char **argv)
{
	struct vg_diag *diag = vg_diag_new();
	const struct vg_config *cfg;
	int rc;

	(void)argc;
	(void)argv;
	if (!diag) {
		fprintf(stderr, "vmgatectl: out of memory\n");
		return 1;
	}
	cfg = vg_config_load(o->config, diag);
	if (o->json) {
		rc = check_json(o, cfg, diag);
	} else if (!cfg) {
		vg_diag_print(diag, stderr);
		rc = 1;
	} else {
		printf("%s: valid: gateway '%s', %zu guests, %zu groups, %zu rules "
		       "(default %s), %zu operators\n", o->config, cfg->gateway.name,
		       cfg->n_guests, cfg->n_groups, cfg->policy.n_rules,
		       vg_action_name(cfg->policy.default_action), cfg->n_operators);
		if (o->verbose)
			policy_table_print(cfg, stdout);
		rc = 0;
	}
	vg_config_free(cfg);
	vg_diag_free(diag);
	return rc;
}
