/* SPDX-License-Identifier: BSD-3-Clause */
/* authd's restart request to vmgate-vmmd, from identity to the outcome. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "att_tls.h"
#include "vmm_api.h"
#include "vmmd_client.h"

/* What vmmd's reply says: its detail, or its error. */
static void reply_text(const char *text, char *result, size_t size)
{
	struct json_object *o = text ? json_tokener_parse(text) : NULL, *v;

	if (o && (json_object_object_get_ex(o, "error", &v) ||
		  json_object_object_get_ex(o, "detail", &v)) &&
	    json_object_is_type(v, json_type_string))
		snprintf(result, size, "vmgate-vmmd: %s", json_object_get_string(v));
	else
		snprintf(result, size, "vmgate-vmmd answered without a detail");
	json_object_put(o);
}

/* Why vmmd could not be asked, for the operator. */
static const char *call_text(int r)
{
	switch (r) {
	case -ENOENT:
	case -ECONNREFUSED: return "vmgate-vmmd is not running (no one listens on vmmd.sock)";
	case -ECONNRESET:   return "vmgate-vmmd closed the connection (refused the attestation "
				   "service's certificate?)";
	case -EKEYREJECTED: return "vmmd.sock is not vmgate-vmmd's: its certificate is not "
				   "the platform CA's for \"<gateway> vmmd\"";
	case -ETIMEDOUT:    return "vmgate-vmmd did not answer in time";
	default:            return strerror(-r);
	}
}

int vmmd_client_restart(const struct vg_config *cfg, const char *guest,
			const char *reason, char *result, size_t size)
{
	char why[VMM_REASON_MAX], *text = NULL;
	uint8_t req[VMM_REQ_MAX];
	struct att_tls_ctx *ctx;
	int status = 0, r = 0;
	long len;
	size_t n = 0;

	/* The reason may quote what an agent sent: printable ASCII only. */
	for (const char *c = reason ? reason : ""; *c && n < sizeof(why) - 1; c++)
		why[n++] = *c >= 0x20 && *c <= 0x7e ? *c : '?';
	why[n] = '\0';
	len = vmm_req_encode_restart(guest, why, req, sizeof(req));
	if (len < 0) {
		snprintf(result, size, "cannot encode a restart of '%s': %s", guest,
			 strerror((int)-len));
		return (int)len;
	}
	ctx = vmmd_client_identity(cfg, &r);
	if (!ctx) {
		snprintf(result, size, "no attestation-service certificate from "
			 "vmgate-vtpmd: %s", strerror(-r));
		return r;
	}
	r = vmmd_client_call(cfg, ctx, req, (size_t)len, &status, &text);
	att_tls_ctx_free(ctx);
	if (r < 0) {
		snprintf(result, size, "%s", call_text(r));
		return r;
	}
	reply_text(text, result, size);
	free(text);
	return status;
}
