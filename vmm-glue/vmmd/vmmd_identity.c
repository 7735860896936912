/* SPDX-License-Identifier: BSD-3-Clause */
/* vmmd's TLS identity: a P-256 key made at start and kept in memory only,
 * certified by the platform CA through vtpmd as "<gateway> vmmd", so that
 * vmgatectl can tell vmmd from any other socket. Its TLS context accepts
 * any client certificate whose key the client proves it holds; who that
 * is, is decided against the pinned operator certificates. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "att_tls.h"
#include "vmmd.h"
#include "vt_cert.h"

#define VTPMD_WAIT_S 30

/* vtpmd's certificate for our key (x, y) and the platform CA's. */
static int certify(const struct vmmd *d, const uint8_t x[32], const uint8_t y[32],
		   uint8_t *cert, int *cert_len, uint8_t *ca, int *ca_len)
{
	struct ctl_public_key req;
	struct json_object *o = NULL;
	int r;

	memcpy(req.x, x, 32);
	memcpy(req.y, y, 32);
	/* vtpmd may still be starting: wait for it a while. */
	for (int i = 0; i < VTPMD_WAIT_S * 2; i++) {
		json_object_put(o);
		r = vtpmd_ask(d, CTL_ISSUE_VMMD_CERT, &req, sizeof(req), &o);
		if (r != -ENOENT && r != -ECONNREFUSED)
			break;
		if (i == 0)
			VMMD_LOG("waiting for vmgate-vtpmd to certify vmmd's key");
		usleep(500000);
	}
	if (r == 0)
		r = vt_cert_issued(o, cert, cert_len, ca, ca_len);
	json_object_put(o);
	return r;
}

int vmmd_identity(struct vmmd *d)
{
	uint8_t key[256], cert[VT_CERT_DER_MAX], ca[VT_CERT_DER_MAX], x[32], y[32];
	size_t key_len = sizeof(key);
	int cert_len = 0, ca_len = 0;
	struct att_tls_cfg cfg = { .pinned_clients = true };
	int r = vt_cert_new_key(key, &key_len, x, y);

	if (r < 0)
		return r;
	r = certify(d, x, y, cert, &cert_len, ca, &ca_len);
	if (r < 0) {
		explicit_bzero(key, sizeof(key));
		VMMD_LOG("vmgate-vtpmd did not certify vmmd's key: %s", strerror(-r));
		return r;
	}
	/* Kept: it anchors the attestation service's certificate. */
	memcpy(d->ca_der, ca, (size_t)ca_len);
	d->ca_len = (size_t)ca_len;
	cfg.ca = (struct att_tls_der){ ca, (size_t)ca_len };
	cfg.chain[0] = (struct att_tls_der){ cert, (size_t)cert_len };
	cfg.chain_len = 1;
	cfg.key = (struct att_tls_der){ key, key_len };
	d->tls = att_tls_server_new(&cfg, &r);
	explicit_bzero(key, sizeof(key));
	if (!d->tls)
		VMMD_LOG("cannot set up TLS: %s", strerror(-r));
	return d->tls ? 0 : r;
}
