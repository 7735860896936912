/* SPDX-License-Identifier: BSD-3-Clause */
/* The attestation service's identity towards vmmd: a P-256 key made for
 * one request and never written anywhere, certified by the platform CA
 * through vtpmd (CTL_ISSUE_ATTEST_CERT) as "<gateway> attestation". */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "att_tls.h"
#include "ctl_client.h"
#include "ctl_proto.h"
#include "vmmd_client.h"
#include "vt_cert.h"

/* vtpmd's certificate for the point (x, y), and the platform CA's. */
static int certify(const struct vg_config *cfg, const uint8_t x[32], const uint8_t y[32],
		   uint8_t *cert, int *cert_len, uint8_t *ca, int *ca_len)
{
	struct ctl_public_key req;
	struct json_object *o;
	char path[PATH_MAX], *text = NULL;
	int status = 0, r;

	memcpy(req.x, x, 32);
	memcpy(req.y, y, 32);
	r = ctl_socket_path(cfg->gateway.runtime_dir, "vtpmd", path, sizeof(path));
	if (r == 0)
		r = ctl_call(path, CTL_ISSUE_ATTEST_CERT, &req, sizeof(req), &status, &text);
	if (r < 0)
		return r;
	o = text ? json_tokener_parse(text) : NULL;
	free(text);
	r = status;
	if (r == 0)
		r = vt_cert_issued(o, cert, cert_len, ca, ca_len);
	json_object_put(o);
	return r;
}

struct att_tls_ctx *vmmd_client_identity(const struct vg_config *cfg, int *err)
{
	uint8_t key[256], cert[VT_CERT_DER_MAX], ca[VT_CERT_DER_MAX], x[32], y[32];
	size_t key_len = sizeof(key);
	int cert_len = 0, ca_len = 0, r;
	struct att_tls_cfg tc = { 0 };
	struct att_tls_ctx *ctx = NULL;

	r = vt_cert_new_key(key, &key_len, x, y);
	if (r == 0)
		r = certify(cfg, x, y, cert, &cert_len, ca, &ca_len);
	if (r == 0) {
		tc.ca = (struct att_tls_der){ ca, (size_t)ca_len };
		tc.chain[0] = (struct att_tls_der){ cert, (size_t)cert_len };
		tc.chain_len = 1;
		tc.key = (struct att_tls_der){ key, key_len };
		ctx = att_tls_client_new(&tc, &r);
	}
	explicit_bzero(key, sizeof(key));
	if (!ctx && err)
		*err = r < 0 ? r : -EIO;
	return ctx;
}
