/* SPDX-License-Identifier: BSD-3-Clause */
/* An authenticated operator's request: the role decides first, then the
 * measurements for privileged operations, then the operation itself.
 * Every outcome -- allowed, refused, failed -- is one audit entry. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "audit_log.h"
#include "vmmd.h"

#define DETAIL_MAX 1024

/* Requests that run or change guests, or the policy: they need vmmd and
 * the launcher to be the measured binaries. Stop and status do not (a stop
 * must always be possible). */
static bool privileged(enum vmm_req_type t)
{
	return t == VMM_START || t == VMM_CREATE || t == VMM_DESTROY || t == VMM_RELOAD ||
	       t == VMM_MIGRATE;
}

/* A vTPM lifecycle request to vtpmd for name; its error text in detail. */
static int vtpm_op(struct vmmd *d, uint16_t type, const char *name, char *detail)
{
	struct ctl_vtpm req;
	struct json_object *o = NULL, *e;
	int r;

	memset(&req, 0, sizeof(req));
	snprintf(req.name, sizeof(req.name), "%s", name);
	r = vtpmd_ask(d, type, &req, sizeof(req), &o);
	if (r < 0)
		snprintf(detail, DETAIL_MAX, "vmgate-vtpmd: %s",
			 o && json_object_object_get_ex(o, "error", &e)
			 ? json_object_get_string(e) : strerror(-r));
	json_object_put(o);
	return r;
}

/* Runs req (allowed and checked); *doc is the success reply. The result
 * for the audit log is returned through *result. */
static int run(struct vmmd *d, const struct vmm_req *req, char *detail,
	       struct json_object **doc, int *result)
{
	struct guest_proc *p;
	char more[DETAIL_MAX];
	int r = 0;

	*result = VG_AUDIT_FAILED;
	switch (req->type) {
	case VMM_LIST:
		*doc = guests_json(d, NULL);
		break;
	case VMM_STATUS:
		*doc = guests_json(d, req->name);
		if (!*doc) {
			snprintf(detail, DETAIL_MAX, "no guest %s", req->name);
			return -ENOENT;
		}
		break;
	case VMM_START:
		p = guest_proc_get(d, req->name);
		r = p ? guest_proc_start(d, p, detail, DETAIL_MAX) : -ENOMEM;
		break;
	case VMM_STOP:
		p = guest_proc_find(d, req->name);
		r = p ? guest_proc_stop(p, detail, DETAIL_MAX) : -ESRCH;
		if (r == -ESRCH)
			snprintf(detail, DETAIL_MAX, "guest %s is not running", req->name);
		break;
	case VMM_CREATE:
		r = vtpm_op(d, CTL_VTPM_CREATE, req->name, detail);
		if (r == 0)
			snprintf(detail, DETAIL_MAX, "vTPM provisioned");
		break;
	case VMM_DESTROY:
		/* The guest goes down before its vTPM does. */
		p = guest_proc_find(d, req->name);
		more[0] = '\0';
		if (p && p->state == GUEST_RUNNING)
			guest_proc_stop(p, more, sizeof(more));
		r = vtpm_op(d, CTL_VTPM_DESTROY, req->name, detail);
		if (r == 0)
			snprintf(detail, DETAIL_MAX, "vTPM destroyed%s%s", more[0] ? "; " : "",
				 more);
		break;
	case VMM_RELOAD:
		r = vmmd_reload(d, detail, DETAIL_MAX);
		break;
	case VMM_MIGRATE:
		p = guest_proc_find(d, req->name);
		r = p ? guest_proc_save(d, p, detail, DETAIL_MAX) : -ESRCH;
		if (!p)
			snprintf(detail, DETAIL_MAX, "guest %s is not running", req->name);
		break;
	default:
		return -EBADRQC;
	}
	if (r == 0 && !*doc && vmm_req_has_guest(req->type))
		*doc = guests_json(d, req->name);
	if (r == 0 && !*doc)
		*doc = json_object_new_object();
	if (r == 0)
		*result = VG_AUDIT_OK;
	return r;
}

/* The reason an operator may not make req, in detail; 0 when allowed. */
static int refusal(struct vmmd *d, const char *actor, enum vg_role role,
		   const struct vmm_req *req, char *detail)
{
	int r;

	if (vmm_req_service_only(req->type)) {
		/* Operators stop and start; a restart is authd's, rate-limited. */
		snprintf(detail, DETAIL_MAX, "operator %s may not request %s: it is the "
			 "attestation service's request (use guest stop and guest start)",
			 actor, vmm_req_action(req->type));
		return -EPERM;
	}
	if (vmm_req_admin_only(req->type) && role != VG_ROLE_ADMIN) {
		snprintf(detail, DETAIL_MAX, "operator %s has role user; %s needs role admin",
			 actor, vmm_req_action(req->type));
		return -EPERM;
	}
	if (vmm_req_has_guest(req->type) && req->type != VMM_STATUS &&
	    req->type != VMM_STOP && !vg_config_guest(d->cfg, req->name)) {
		snprintf(detail, DETAIL_MAX, "no guest %s in the policy", req->name);
		return -ENOENT;
	}
	if (privileged(req->type)) {
		r = measure_check(d, detail, DETAIL_MAX);
		if (r < 0)
			return r;
	}
	return 0;
}

int mgmt_dispatch(struct vmmd *d, const struct operator_pin *op,
		  const struct vmm_req *req, char **reply)
{
	char actor[VG_NAME_MAX + 1], detail[DETAIL_MAX] = "";
	const char *action = vmm_req_action(req->type);
	enum vg_role role = op->role;
	struct json_object *doc = NULL;
	int result = VG_AUDIT_REFUSED, status;

	/* A reload frees the operator table op points into. */
	snprintf(actor, sizeof(actor), "%s", op->name);
	status = refusal(d, actor, role, req, detail);
	if (status == 0)
		status = run(d, req, detail, &doc, &result);
	if (vmmd_audit(d, actor, action, req->name, result, detail) < 0 && status == 0) {
		/* Done, but unrecorded: the operator must know. */
		json_object_put(doc);
		doc = NULL;
		snprintf(detail, sizeof(detail), "%s done, but the audit log could not be "
			 "written (see vmmd's log)", action);
		status = -EIO;
	}
	VMMD_LOG("%s %s %s: %s%s%s", actor, action, req->name,
		 vg_audit_result_name((enum vg_audit_result)result), detail[0] ? ": " : "",
		 detail);
	if (status < 0) {
		doc = json_object_new_object();
		json_object_object_add(doc, "error", json_object_new_string(
			detail[0] ? detail : strerror(-status)));
	} else if (detail[0]) {
		json_object_object_add(doc, "detail", json_object_new_string(detail));
	}
	*reply = strdup(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN));
	json_object_put(doc);
	return status;
}
