/* SPDX-License-Identifier: BSD-3-Clause */
/* What authd asks of vtpmd, the only process that talks to the root TPM:
 * a certificate for authd's TLS key, and the gateway's quote for an agent
 * (with its event log, in the agents' binary format). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "authd.h"
#include "ctl_client.h"
#include "ctl_proto.h"
#include "hex.h"
#include "vt_cert.h"

static int ask(const struct authd *a, uint16_t type, const void *req, size_t len,
	       struct json_object **out)
{
	char path[PATH_MAX], *text = NULL;
	int status, r;

	r = ctl_socket_path(a->cfg->gateway.runtime_dir, "vtpmd", path, sizeof(path));
	if (r == 0)
		r = ctl_call(path, type, req, len, &status, &text);
	if (r == 0 && status < 0)
		r = status;
	*out = r == 0 && text ? json_tokener_parse(text) : NULL;
	free(text);
	if (r == 0 && !*out)
		r = -EBADMSG;
	return r;
}

static const char *str(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : "";
}

static int pem(struct json_object *o, const char *key, uint8_t *der, size_t size)
{
	const char *text = str(o, key);

	return vt_cert_from_pem(text, strlen(text), der, size);
}

int vtpmd_server_cert(struct authd *a, const uint8_t x[32], const uint8_t y[32],
		      uint8_t *cert, size_t *cert_len)
{
	struct ctl_public_key req;
	struct json_object *o;
	int r, n, m;

	memcpy(req.x, x, 32);
	memcpy(req.y, y, 32);
	if ((r = ask(a, CTL_ISSUE_SERVER_CERT, &req, sizeof(req), &o)) < 0)
		return r;
	n = pem(o, "certificate", cert, *cert_len);
	m = pem(o, "ca_certificate", a->ca_der, sizeof(a->ca_der));
	json_object_put(o);
	if (n < 0 || m < 0)
		return -EBADMSG;
	*cert_len = (size_t)n;
	a->ca_len = (size_t)m;
	return 0;
}

/* The events of vtpmd's JSON log as an agent reads them. */
static int events(struct json_object *arr, uint8_t *buf, size_t size)
{
	struct evlog log;

	evlog_init(&log);
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		struct json_object *e = json_object_array_get_idx(arr, i);
		int pcr = json_object_get_int(json_object_object_get(e, "pcr"));
		uint8_t digest[EVLOG_DIGEST_LEN];
		int r;

		if (vg_hex_decode(str(e, "sha256"), digest, sizeof(digest)) != EVLOG_DIGEST_LEN)
			return -EBADMSG;
		r = evlog_append(&log, (unsigned)pcr, pcr == EVLOG_PCR_GATEWAY
				 ? EVLOG_GATEWAY_BINARY : EVLOG_POLICY_FILE, digest);
		if (r < 0)
			return r;
	}
	return evlog_encode(&log, buf, size);
}

int vtpmd_gateway_quote(const struct authd *a, const uint8_t qualifying[32],
			struct gateway_quote *q)
{
	struct ctl_quote req = { .len = 32 };
	struct json_object *o;
	int r, n;

	memcpy(req.qualifying, qualifying, 32);
	if ((r = ask(a, CTL_GATEWAY_QUOTE, &req, sizeof(req), &o)) < 0)
		return r;
	r = -EBADMSG;
	n = vg_hex_decode(str(o, "attest"), q->quote.attest, sizeof(q->quote.attest));
	if (n <= 0 || vg_hex_decode(str(o, "r"), q->quote.r, 32) != 32 ||
	    vg_hex_decode(str(o, "s"), q->quote.s, 32) != 32)
		goto out;
	q->quote.attest_len = (size_t)n;
	if ((n = pem(o, "ak_certificate", q->ak_der, sizeof(q->ak_der))) < 0)
		goto out;
	q->ak_len = (size_t)n;
	if ((n = events(json_object_object_get(o, "events"), q->evlog, sizeof(q->evlog))) < 0)
		goto out;
	q->evlog_len = (size_t)n;
	r = 0;
out:
	json_object_put(o);
	return r;
}
