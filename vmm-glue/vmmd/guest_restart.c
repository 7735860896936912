/* SPDX-License-Identifier: BSD-3-Clause */
/* The attestation service's one request: restart a guest whose attestation
 * failed. The guest is stopped first, whatever follows, so that it stays
 * cut off when anything else goes wrong; it is then relaunched through its
 * measured launcher -- unless it was relaunched vmm.restart_limit times
 * within vmm.restart_window (a guest that keeps failing stays stopped), or
 * vmmd and the launcher are no longer the measured binaries. Two audit
 * entries: the request with its reason as it arrived, then the outcome. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "audit_log.h"
#include "vmmd.h"

#define DETAIL_MAX 1024
#define PART_MAX 256

static time_t mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* Forgets p's relaunches older than the window; true when one more stays
 * within the limit. */
static bool within_limit(const struct vmmd *d, struct guest_proc *p, time_t now)
{
	unsigned keep = 0;

	for (unsigned i = 0; i < p->n_relaunched; i++)
		if (now - p->relaunched[i] < (time_t)d->cfg->vmm.restart_window_s)
			p->relaunched[keep++] = p->relaunched[i];
	p->n_relaunched = keep;
	return keep < d->cfg->vmm.restart_limit;
}

static void note_relaunch(struct guest_proc *p, time_t now)
{
	/* Full only after a reload lowered the limit: drop the oldest. */
	if (p->n_relaunched == VG_RESTART_LIMIT_MAX) {
		memmove(p->relaunched, p->relaunched + 1,
			(VG_RESTART_LIMIT_MAX - 1) * sizeof(p->relaunched[0]));
		p->n_relaunched--;
	}
	p->relaunched[p->n_relaunched++] = now;
}

/* Stops and relaunches req's guest; what happened in detail, the audit
 * result in *result. 0 when it runs again. */
static int restart(struct vmmd *d, const struct vmm_req *req, const char *reason,
		   char *detail, int *result)
{
	const struct vg_vmm *v = &d->cfg->vmm;
	char stop[PART_MAX], start[PART_MAX];
	struct guest_proc *p = guest_proc_get(d, req->name);
	time_t now = mono_now();
	int r;

	*result = VG_AUDIT_FAILED;
	if (!p) {
		snprintf(detail, DETAIL_MAX, "reason: %s; out of memory", reason);
		return -ENOMEM;
	}
	if (p->state == GUEST_RUNNING)
		guest_proc_stop(p, stop, sizeof(stop));
	else
		snprintf(stop, sizeof(stop), "it was not running");
	if (!within_limit(d, p, now)) {
		*result = VG_AUDIT_REFUSED;
		snprintf(detail, DETAIL_MAX, "reason: %s; stopped (%s); not relaunched: "
			 "restart limit reached (%u relaunches within %u s), it stays stopped",
			 reason, stop, v->restart_limit, v->restart_window_s);
		return -EBUSY;
	}
	r = measure_check(d, start, sizeof(start));
	if (r < 0) {
		*result = r == -EKEYREJECTED ? VG_AUDIT_REFUSED : VG_AUDIT_FAILED;
		snprintf(detail, DETAIL_MAX, "reason: %s; stopped (%s); not relaunched: %s",
			 reason, stop, start[0] ? start : strerror(-r));
		return r;
	}
	start[0] = '\0';
	r = guest_proc_start(d, p, start, sizeof(start));
	if (r < 0) {
		snprintf(detail, DETAIL_MAX, "reason: %s; stopped (%s); relaunch failed: %s",
			 reason, stop, start[0] ? start : strerror(-r));
		return r;
	}
	note_relaunch(p, now);
	*result = VG_AUDIT_OK;
	snprintf(detail, DETAIL_MAX, "reason: %s; stopped (%s); relaunched (%s), "
		 "relaunch %u of at most %u within %u s", reason, stop, start,
		 p->n_relaunched, v->restart_limit, v->restart_window_s);
	return 0;
}

int service_dispatch(struct vmmd *d, const char *actor, const struct vmm_req *req,
		     char **reply)
{
	char detail[DETAIL_MAX] = "", why[VMM_REASON_MAX + 16];
	const char *reason = req->reason[0] ? req->reason : "(none given)";
	const char *action = vmm_req_action(req->type);
	struct json_object *doc = NULL;
	int result = VG_AUDIT_REFUSED, status;

	if (req->type != VMM_RESTART) {
		snprintf(detail, sizeof(detail), "the attestation service may only request "
			 "guest.restart, not %s", action);
		status = -EPERM;
	} else if (!vg_config_guest(d->cfg, req->name)) {
		snprintf(detail, sizeof(detail), "reason: %s; no guest %s in the policy",
			 reason, req->name);
		status = -ENOENT;
	} else {
		/* Who asked and why, before anything is done. */
		snprintf(why, sizeof(why), "reason: %s", reason);
		vmmd_audit(d, actor, "guest.restart.request", req->name, VG_AUDIT_OK, why);
		status = restart(d, req, reason, detail, &result);
	}
	if (vmmd_audit(d, actor, action, req->name, result, detail) < 0 && status == 0) {
		snprintf(detail, sizeof(detail), "%s done, but the audit log could not be "
			 "written (see vmmd's log)", action);
		status = -EIO;
	}
	VMMD_LOG("%s %s %s: %s: %s", actor, action, req->name,
		 vg_audit_result_name((enum vg_audit_result)result), detail);
	if (status == 0)
		doc = guests_json(d, req->name);
	if (!doc) {
		doc = json_object_new_object();
		json_object_object_add(doc, "error", json_object_new_string(detail));
		if (status == 0)
			status = -ENOMEM;
	} else {
		json_object_object_add(doc, "detail", json_object_new_string(detail));
	}
	*reply = strdup(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN));
	json_object_put(doc);
	return status;
}
