/* SPDX-License-Identifier: BSD-3-Clause */
#include "signatures.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counter.h"

/* The database of rule r's signatures into s->rule_db[i]. */
static int build_rule(struct dp_signatures *s, const struct vg_config *cfg, uint32_t i,
		      const char **err)
{
	static char why[512];
	const struct vg_rule *r = &cfg->policy.rules[i];
	struct sig_pattern *pats = calloc(r->n_inspect, sizeof(*pats));
	char msg[256];
	int bad, rc;

	if (!pats)
		return -ENOMEM;
	for (size_t j = 0; j < r->n_inspect; j++) {
		const struct vg_signature *sig = &cfg->signatures[r->inspect[j]];

		pats[j] = (struct sig_pattern){ .bytes = sig->pattern, .len = sig->len,
						.regex = sig->kind == VG_SIG_REGEX,
						.caseless = sig->caseless,
						.id = r->inspect[j] };
	}
	rc = sig_set_compile(pats, (unsigned)r->n_inspect, &s->rule_db[i], &bad, msg,
			     sizeof(msg));
	if (rc == 0)
		rc = sig_scratch_fit(&s->scratch, s->rule_db[i]);
	else if (rc != -ENOMEM) {
		if (bad >= 0)
			snprintf(why, sizeof(why), "%s: signature '%s': cannot be compiled: %s",
				 cfg->path, cfg->signatures[pats[bad].id].name, msg);
		else
			snprintf(why, sizeof(why), "%s: rule '%s': its signatures cannot be "
				 "compiled: %s", cfg->path, r->name, msg);
		*err = why;
	}
	free(pats);
	return rc;
}

int dp_signatures_build(struct dp_signatures *s, const struct vg_config *cfg,
			const char **err)
{
	memset(s, 0, sizeof(*s));
	s->sig = calloc(cfg->n_signatures + 1, sizeof(*s->sig));
	s->rule_db = calloc(cfg->policy.n_rules + 1, sizeof(*s->rule_db));
	if (!s->sig || !s->rule_db)
		return -ENOMEM;
	s->n = (uint32_t)cfg->n_signatures;
	s->n_rules = (uint32_t)cfg->policy.n_rules;
	for (uint32_t i = 0; i < s->n_rules; i++) {
		const struct vg_rule *r = &cfg->policy.rules[i];
		int rc;

		if (!r->n_inspect || r->action != VG_ACTION_ALLOW)
			continue;
		rc = build_rule(s, cfg, i, err);
		if (rc < 0)
			return rc;
		s->any = true;
	}
	return 0;
}

void dp_signatures_free(struct dp_signatures *s)
{
	if (s->rule_db)
		for (uint32_t i = 0; i < s->n_rules; i++)
			sig_set_free(s->rule_db[i]);
	free(s->rule_db);
	sig_scratch_free(s->scratch);
	free(s->sig);
	memset(s, 0, sizeof(*s));
}

void dp_signatures_carry(struct dp_signatures *s, const struct vg_config *cfg,
			 const struct dp_signatures *prev, const struct vg_config *prev_cfg)
{
	for (uint32_t i = 0; i < s->n; i++)
		for (uint32_t j = 0; j < prev->n; j++)
			if (strcmp(cfg->signatures[i].name, prev_cfg->signatures[j].name) == 0) {
				s->sig[i].matches = counter_read(&prev->sig[j].matches);
				break;
			}
}
