/* SPDX-License-Identifier: BSD-3-Clause */
/* What vmmd says about guests: each one's launcher (stopped, running since,
 * exited with a status), whether a save waits to resume it, and its vTPM's
 * state as vtpmd reports it. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "vmmd.h"

/* vtpmd's state of name's vTPM, or NULL when vtpmd does not say. */
static struct json_object *vtpm_state(struct json_object *list, const char *name)
{
	struct json_object *a, *e, *v;
	size_t n;

	if (!list || !json_object_object_get_ex(list, "vtpms", &a) ||
	    !json_object_is_type(a, json_type_array))
		return NULL;
	n = json_object_array_length(a);
	for (size_t i = 0; i < n; i++) {
		e = json_object_array_get_idx(a, i);
		if (json_object_object_get_ex(e, "name", &v) &&
		    strcmp(json_object_get_string(v), name) == 0 &&
		    json_object_object_get_ex(e, "state", &v))
			return json_object_new_string(json_object_get_string(v));
	}
	return NULL;
}

/* Whether <vmm.save_dir>/NAME.vgsave is there (guest migrate). */
static bool saved(const struct vmmd *d, const char *name)
{
	char path[PATH_MAX];

	return (size_t)snprintf(path, sizeof(path), "%s/%s.vgsave", d->cfg->vmm.save_dir, name) <
		       sizeof(path) && access(path, F_OK) == 0;
}

static struct json_object *guest_json(const struct vmmd *d, const struct guest_proc *p,
				      const char *name, bool in_policy, struct json_object *vtpms)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "name", json_object_new_string(name));
	json_object_object_add(o, "state", json_object_new_string(
		guest_run_state_name(p ? p->state : GUEST_STOPPED)));
	json_object_object_add(o, "in_policy", json_object_new_boolean(in_policy));
	json_object_object_add(o, "pid", p && p->state == GUEST_RUNNING
			       ? json_object_new_int64(p->pid) : NULL);
	json_object_object_add(o, "since", p && p->since ? json_object_new_int64(p->since) : NULL);
	if (p && p->state == GUEST_EXITED) {
		char how[64];

		wait_status_text(p->wait_status, how, sizeof(how));
		json_object_object_add(o, "exit", json_object_new_string(how));
	}
	json_object_object_add(o, "saved", json_object_new_boolean(saved(d, name)));
	json_object_object_add(o, "vtpm", vtpm_state(vtpms, name));
	return o;
}

struct json_object *guests_json(struct vmmd *d, const char *name)
{
	struct json_object *vtpms = NULL, *out = NULL, *a;
	const struct vg_guest *g;

	/* Without vtpmd the launchers' state is still worth showing. */
	if (vtpmd_ask(d, CTL_VTPM_LIST, NULL, 0, &vtpms) < 0) {
		json_object_put(vtpms);
		vtpms = NULL;
	}
	if (name) {
		g = vg_config_guest(d->cfg, name);
		if (g || guest_proc_find(d, name))
			out = guest_json(d, guest_proc_find(d, name), name, g != NULL, vtpms);
		json_object_put(vtpms);
		return out;
	}
	out = json_object_new_object();
	a = json_object_new_array();
	for (size_t i = 0; i < d->cfg->n_guests; i++) {
		g = &d->cfg->guests[i];
		json_object_array_add(a, guest_json(d, guest_proc_find(d, g->name), g->name,
						    true, vtpms));
	}
	for (size_t i = 0; i < d->n_procs; i++)
		if (!vg_config_guest(d->cfg, d->procs[i].name))
			json_object_array_add(a, guest_json(d, &d->procs[i], d->procs[i].name,
							    false, vtpms));
	json_object_object_add(out, "guests", a);
	json_object_put(vtpms);
	return out;
}
