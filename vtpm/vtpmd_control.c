/* SPDX-License-Identifier: BSD-3-Clause */
/* vtpmd's control requests: the vTPMs' lifecycle and state, and quotes of
 * the gateway's own measurements. Replies are JSON. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>
#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/hash.h>
#include <wolfssl/wolfcrypt/sha256.h>

#include "ctl_proto.h"
#include "hex.h"
#include "vt_swtpm.h"
#include "vtpmd.h"

static struct json_object *hex_json(const uint8_t *b, size_t n)
{
	char buf[2 * VT_CERT_DER_MAX + 1];

	if (2 * n >= sizeof(buf))
		return NULL;
	vg_hex_encode(b, n, buf);
	return json_object_new_string(buf);
}

static struct json_object *pem_json(const uint8_t *der, size_t len)
{
	char pem[VT_CERT_PEM_MAX];

	return vt_cert_to_pem(der, len, pem, sizeof(pem)) < 0 ? NULL
	       : json_object_new_string(pem);
}

/* A certificate of v's from its state directory, as PEM, or NULL. */
static struct json_object *cert_json(const struct guest_vtpm *v, const char *file)
{
	uint8_t der[VT_CERT_DER_MAX];
	long n = state_read(v->dir, file, der, sizeof(der));

	return n < 0 ? NULL : pem_json(der, (size_t)n);
}

static struct json_object *vtpm_json(const struct guest_vtpm *v, bool full)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "name", json_object_new_string(v->guest->name));
	json_object_object_add(o, "state", json_object_new_string(vtpm_state_name(v->state)));
	json_object_object_add(o, "since", json_object_new_int64(v->since));
	json_object_object_add(o, "restarts", json_object_new_int64(v->restarts));
	if (v->error[0])
		json_object_object_add(o, "error", json_object_new_string(v->error));
	if (v->state == VTPM_RUNNING && v->swtpm) {
		json_object_object_add(o, "pid", json_object_new_int64(vt_swtpm_pid(v->swtpm)));
		json_object_object_add(o, "tcti",
				       json_object_new_string(vt_swtpm_tcti(v->swtpm)));
		json_object_object_add(o, "qemu_socket",
				       json_object_new_string(vt_swtpm_ctrl_path(v->swtpm)));
	}
	if (v->state == VTPM_RUNNING) {
		uint8_t pub[64], fp[WC_SHA256_DIGEST_SIZE];

		memcpy(pub, v->ek_x, 32);
		memcpy(pub + 32, v->ek_y, 32);
		wc_Sha256Hash(pub, sizeof(pub), fp);
		json_object_object_add(o, "ek_sha256", hex_json(fp, sizeof(fp)));
	}
	if (full && v->state != VTPM_ABSENT) {
		json_object_object_add(o, "state_dir", json_object_new_string(v->dir));
		json_object_object_add(o, "ek_certificate", cert_json(v, "ek.der"));
		json_object_object_add(o, "ak_certificate", cert_json(v, "ak.der"));
		json_object_object_add(o, "tls_certificate", cert_json(v, "tls.der"));
	}
	return o;
}

static struct json_object *list_json(const struct vtpmd *d)
{
	struct json_object *o = json_object_new_object();
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < d->n_guests; i++)
		json_object_array_add(a, vtpm_json(&d->guests[i], false));
	json_object_object_add(o, "ca_certificate", pem_json(d->ca_der, d->ca_len));
	json_object_object_add(o, "gateway_pcr23", hex_json(d->gateway_pcr23, VT_DIGEST_LEN));
	json_object_object_add(o, "vtpms", a);
	return o;
}

/* A quote of PCRs 16 and 23 by the root TPM's AK, with the event log that
 * replays to them and the AK's certificate. */
static int quote_json(struct vtpmd *d, const struct ctl_quote *req,
		      struct json_object **out)
{
	static const uint32_t pcrs[] = { VT_PCR_POLICY, VT_PCR_GATEWAY };
	struct vt_quote q;
	struct json_object *o, *log;
	int r;

	if (req->len > CTL_QUALIFYING_MAX)
		return -EINVAL;
	r = vt_quote(d->root, 0, pcrs, 2, req->qualifying, req->len, &q);
	if (r < 0)
		return r;
	o = json_object_new_object();
	log = json_object_new_array();
	json_object_object_add(o, "attest", hex_json(q.attest, q.attest_len));
	json_object_object_add(o, "r", hex_json(q.r, sizeof(q.r)));
	json_object_object_add(o, "s", hex_json(q.s, sizeof(q.s)));
	json_object_object_add(o, "ak_certificate", pem_json(d->gw_ak_der, d->gw_ak_len));
	json_object_object_add(o, "ca_certificate", pem_json(d->ca_der, d->ca_len));
	for (size_t i = 0; i < d->n_events; i++) {
		struct json_object *e = json_object_new_object();

		json_object_object_add(e, "pcr", json_object_new_int(d->events[i].pcr));
		json_object_object_add(e, "sha256", hex_json(d->events[i].digest, VT_DIGEST_LEN));
		json_object_object_add(e, "file", json_object_new_string(d->events[i].what));
		json_object_array_add(log, e);
	}
	json_object_object_add(o, "events", log);
	*out = o;
	return 0;
}

/* A TLS certificate of kind for a daemon's key: "<gateway> <daemon>". */
static int daemon_cert_json(struct vtpmd *d, const struct ctl_public_key *req,
			    const char *daemon, enum vt_cert_kind kind,
			    struct json_object **out)
{
	uint8_t der[VT_CERT_DER_MAX];
	size_t len = sizeof(der);
	char cn[VT_CERT_CN_MAX + 1];
	int r;

	snprintf(cn, sizeof(cn), "%s %s", d->cfg->gateway.name, daemon);
	r = vt_cert_issue(&d->ca, d->ca_der, d->ca_len, cn, req->x, req->y,
			  kind, VTPM_CERT_DAYS, der, &len);
	if (r < 0)
		return r;
	*out = json_object_new_object();
	json_object_object_add(*out, "certificate", pem_json(der, len));
	json_object_object_add(*out, "ca_certificate", pem_json(d->ca_der, d->ca_len));
	return 0;
}

static struct guest_vtpm *find(struct vtpmd *d, const struct ctl_vtpm *req)
{
	char name[sizeof(req->name)];

	memcpy(name, req->name, sizeof(name));
	if (memchr(name, '\0', sizeof(name)) == NULL)
		return NULL;
	for (size_t i = 0; i < d->n_guests; i++)
		if (strcmp(d->guests[i].guest->name, name) == 0)
			return &d->guests[i];
	return NULL;
}

static char *take(struct json_object *o)
{
	char *s = o ? strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN)) : NULL;

	json_object_put(o);
	return s;
}

static struct json_object *error_json(const char *msg)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "error", json_object_new_string(msg));
	return o;
}

/* Runs a lifecycle request on v; the reply is v's state, or its error. */
static int lifecycle(struct vtpmd *d, uint16_t type, struct guest_vtpm *v,
		     struct json_object **out)
{
	int r;

	switch (type) {
	case CTL_VTPM_CREATE:  r = guest_vtpm_create(d, v); break;
	case CTL_VTPM_START:   r = guest_vtpm_start(d, v); break;
	case CTL_VTPM_STOP:    r = guest_vtpm_stop(d, v); break;
	case CTL_VTPM_DESTROY: r = guest_vtpm_destroy(d, v); break;
	default:               r = 0; break;
	}
	if (r < 0) {
		*out = error_json(v->error);
		/* Only a refused vTPM keeps its reason; others were not changed. */
		if (v->state != VTPM_REFUSED)
			v->error[0] = '\0';
		return r;
	}
	*out = vtpm_json(v, type == CTL_VTPM_SHOW);
	return 0;
}

int vtpmd_handle(void *arg, uint16_t type, const void *payload, size_t len,
		 char **reply)
{
	struct vtpmd *d = arg;
	struct json_object *o = NULL;
	struct guest_vtpm *v;
	int r = 0;

	(void)len;
	switch (type) {
	case CTL_VTPM_LIST:
		o = list_json(d);
		break;
	case CTL_VTPM_SHOW:
	case CTL_VTPM_CREATE:
	case CTL_VTPM_START:
	case CTL_VTPM_STOP:
	case CTL_VTPM_DESTROY:
		v = find(d, payload);
		if (!v) {
			o = error_json("no such guest in the policy");
			r = -ENOENT;
			break;
		}
		r = lifecycle(d, type, v, &o);
		break;
	case CTL_VTPM_DISK_KEY:
		v = find(d, payload);
		if (v)
			return disk_key_release(d, v, reply);
		o = error_json("no such guest in the policy");
		r = -ENOENT;
		break;
	case CTL_VTPM_SAVE_KEY:
		v = find(d, &((const struct ctl_save_key *)payload)->guest);
		if (v)
			return save_key_answer(d, v, payload, reply);
		o = error_json("no such guest in the policy");
		r = -ENOENT;
		break;
	case CTL_GATEWAY_QUOTE:
		r = quote_json(d, payload, &o);
		if (r < 0)
			o = error_json(strerror(-r));
		break;
	case CTL_ISSUE_SERVER_CERT:
	case CTL_ISSUE_VMMD_CERT:
		r = daemon_cert_json(d, payload,
				     type == CTL_ISSUE_VMMD_CERT ? "vmmd" : "authd",
				     VT_CERT_TLS_SERVER, &o);
		if (r < 0)
			o = error_json(r == -EINVAL ? "not a P-256 public key" : strerror(-r));
		break;
	case CTL_ISSUE_ATTEST_CERT:
		/* authd's identity towards vmmd: a client certificate that
		 * vmmd accepts for restart requests only (docs/vmmd.md). */
		r = daemon_cert_json(d, payload, CTL_ATTEST_SERVICE, VT_CERT_TLS_CLIENT, &o);
		if (r < 0)
			o = error_json(r == -EINVAL ? "not a P-256 public key" : strerror(-r));
		break;
	default:
		o = error_json("vtpmd does not answer this request");
		r = -EOPNOTSUPP;
		break;
	}
	*reply = take(o);
	return r;
}
