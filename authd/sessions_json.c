/* SPDX-License-Identifier: BSD-3-Clause */
/* "vmgatectl sessions": each guest's attestation state, its last quote,
 * its pair grants and their expiry, and its failures by reason. */
#include <json-c/json.h>

#include "authd.h"

static struct json_object *guest_json(const struct authd *a, size_t i, double now)
{
	static const char *const states[] = { "never", "attested", "failed" };
	const struct guest_att *g = &a->guests[i];
	struct json_object *o = json_object_new_object();
	struct json_object *fails = json_object_new_object();
	struct json_object *pairs = json_object_new_array();

	json_object_object_add(o, "name", json_object_new_string(a->cfg->guests[i].name));
	json_object_object_add(o, "state", json_object_new_string(states[g->state]));
	json_object_object_add(o, "connected", json_object_new_boolean(g->conn != NULL));
	json_object_object_add(o, "attestations", json_object_new_uint64(g->attestations));
	if (g->attested_at)
		json_object_object_add(o, "last_quote_age_s",
				       json_object_new_int64((int64_t)(now - g->attested_at)));
	for (int r = 1; r < EV_REASON_COUNT; r++)
		if (g->failures[r])
			json_object_object_add(fails, evidence_reason_name((enum evidence_reason)r),
					       json_object_new_uint64(g->failures[r]));
	json_object_object_add(o, "failures", fails);
	if (g->state == ATT_FAILED) {
		json_object_object_add(o, "last_failure",
				       json_object_new_string(evidence_reason_name(g->last_failure)));
		json_object_object_add(o, "last_reason", json_object_new_string(g->last_reason));
	}
	for (size_t p = 0; p < a->n_pairs; p++) {
		const struct pair *pr = &a->pairs[p];
		struct json_object *e;

		if (pr->a != i && pr->b != i)
			continue;
		e = json_object_new_object();
		json_object_object_add(e, "peer", json_object_new_string(
			a->cfg->guests[pr->a == i ? pr->b : pr->a].name));
		json_object_object_add(e, "expires_in_s",
				       json_object_new_int64((int64_t)(pr->expires - now)));
		json_object_array_add(pairs, e);
	}
	json_object_object_add(o, "grants", pairs);
	if (a->cfg->attestation.on_failure == VG_ON_FAILURE_RESTART)
		json_object_object_add(o, "restart", restart_json(a, i));
	return o;
}

struct json_object *sessions_json(const struct authd *a)
{
	struct json_object *arr = json_object_new_array();
	double now = authd_now();

	for (size_t i = 0; i < a->cfg->n_guests; i++)
		json_object_array_add(arr, guest_json(a, i, now));
	return arr;
}
