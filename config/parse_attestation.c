/* SPDX-License-Identifier: BSD-3-Clause */
/* Attestation: which PCRs a quote covers, how long a grant lives, and what
 * happens to a guest that fails. */
#include "parse.h"

static const char *const attestation_keys[] = {
	"required", "pcrs", "grant_ttl", "reattest_interval", "on_failure", "port",
	"restart_command", NULL
};

/* PCRs measured launch extends (docs/config.md names each). */
#define DEFAULT_PCR_MASK ((1u << 8) | (1u << 9))

static void parse_pcrs(struct parse *p, const config_setting_t *as,
		       struct vg_attestation *a)
{
	const config_setting_t *list;
	uint32_t mask = 0;

	if (read_sequence(p, as, "pcrs", "attestation", false, &list) <= 0)
		return;
	if (config_setting_length(list) == 0) {
		parse_error(p, list, "attestation", "'pcrs' must list at least one PCR");
		return;
	}
	for (int i = 0; i < config_setting_length(list); i++) {
		const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
		int v;

		if (config_setting_type(e) != CONFIG_TYPE_INT) {
			parse_error(p, e, "attestation", "'pcrs' must contain integers");
			return;
		}
		v = config_setting_get_int(e);
		if (v < 0 || v >= VG_PCR_COUNT) {
			parse_error(p, e, "attestation", "PCR %d is out of range 0-%d", v,
				    VG_PCR_COUNT - 1);
			return;
		}
		if (mask & (1u << v))
			parse_error(p, e, "attestation", "PCR %d is listed twice", v);
		mask |= 1u << v;
	}
	a->pcr_mask = mask;
}

void parse_attestation(struct parse *p, const config_setting_t *root)
{
	struct vg_attestation *a = &p->cfg->attestation;
	const config_setting_t *as;
	int64_t ttl = 300, reattest = 120, port = 7447;
	int fail = VG_ON_FAILURE_RESTART, rt, rr;

	a->required = true;
	a->pcr_mask = DEFAULT_PCR_MASK;
	a->on_failure = VG_ON_FAILURE_RESTART;
	a->grant_ttl_s = (uint32_t)ttl;
	a->reattest_interval_s = (uint32_t)reattest;
	a->port = (uint16_t)port;
	if (read_group(p, root, "attestation", NULL, false, &as) <= 0)
		return;
	read_known_keys(p, as, "attestation", attestation_keys);
	read_bool(p, as, "required", "attestation", false, &a->required);
	parse_pcrs(p, as, a);
	rt = read_int(p, as, "grant_ttl", "attestation", false, 10, 86400, &ttl);
	rr = read_int(p, as, "reattest_interval", "attestation", false, 5, 86400,
		      &reattest);
	/* A guest must re-attest before its grants lapse, or traffic stops. */
	if (rt >= 0 && rr >= 0 && reattest >= ttl)
		parse_error(p, config_setting_get_member(as, rr ? "reattest_interval"
								: "grant_ttl"),
			    "attestation",
			    "'reattest_interval' (%lld s) must be shorter than 'grant_ttl' (%lld s)",
			    (long long)reattest, (long long)ttl);
	read_enum(p, as, "on_failure", "attestation", false, on_failure_names, &fail);
	a->grant_ttl_s = (uint32_t)ttl;
	a->reattest_interval_s = (uint32_t)reattest;
	a->on_failure = (enum vg_on_failure)fail;
	read_int(p, as, "port", "attestation", false, 1, 65535, &port);
	a->port = (uint16_t)port;
	read_string(p, as, "restart_command", "attestation", false, &a->restart_command);
}
