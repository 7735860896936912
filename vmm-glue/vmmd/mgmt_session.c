/* SPDX-License-Identifier: BSD-3-Clause */
/* One client of the management API: TLS 1.3 handshake with a client
 * certificate, the certificate looked up among the pinned operators', then
 * checked as the attestation service's (a stranger is refused and
 * audited), then exactly one request, read within its bounds and decoded
 * strictly, and its response. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>
#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/hash.h>
#include <wolfssl/wolfcrypt/sha256.h>

#include "att_tls.h"
#include "audit_log.h"
#include "hex.h"
#include "vmmd.h"

static void send_reply(struct att_tls_sess *s, int status, const char *json)
{
	struct ctl_hdr h = { .magic = CTL_MAGIC, .version = CTL_VERSION,
			     .status = status };
	size_t len = json ? strlen(json) : 0;

	if (len > VMM_RESP_MAX) {
		json = "{\"error\":\"response too large\"}";
		len = strlen(json);
		h.status = -EMSGSIZE;
	}
	h.len = (uint32_t)len;
	if (att_tls_send(s, &h, sizeof(h), VMMD_IO_MS) == 0 && len)
		att_tls_send(s, json, len, VMMD_IO_MS);
}

static void send_error(struct att_tls_sess *s, int status, const char *what)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "error", json_object_new_string(what));
	send_reply(s, status, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
}

/* A certificate no operator holds: refused, audited with its subject and
 * fingerprint (the operator to add, if it should be one). */
static void refuse_stranger(struct vmmd *d, struct att_tls_sess *s,
			    const uint8_t *der, size_t len)
{
	uint8_t fp[WC_SHA256_DIGEST_SIZE];
	char subject[VG_AUDIT_NAME_MAX + 1], hex[2 * sizeof(fp) + 1], detail[256];

	cert_subject(der, len, subject, sizeof(subject));
	wc_Sha256Hash(der, (word32)len, fp);
	vg_hex_encode(fp, sizeof(fp), hex);
	snprintf(detail, sizeof(detail), "certificate sha256 %s is no operator's", hex);
	vmmd_audit(d, subject, "auth", "", VG_AUDIT_REFUSED, detail);
	VMMD_LOG("refused %s: %s", subject, detail);
	send_error(s, -EACCES, "this certificate belongs to no operator of the policy");
}

/* Reads and decodes the one request; a malformed one is answered here. */
static int read_request(struct att_tls_sess *s, struct vmm_req *req, char *why,
			size_t size)
{
	uint8_t buf[VMM_REQ_MAX];
	struct ctl_hdr h;
	long plen;
	int r;

	r = att_tls_recv(s, buf, VMM_HDR_LEN, VMMD_IO_MS);
	if (r < 0) {
		snprintf(why, size, "no request: %s", strerror(-r));
		return r;
	}
	memcpy(&h, buf, sizeof(h));
	plen = vmm_req_expect(&h);
	if (plen < 0) {
		snprintf(why, size, "malformed request header: %s", strerror((int)-plen));
		send_error(s, (int)plen, why);
		return (int)plen;
	}
	r = att_tls_recv(s, buf + VMM_HDR_LEN, (size_t)plen, VMMD_IO_MS);
	if (r == 0)
		r = vmm_req_decode(buf, VMM_HDR_LEN + (size_t)plen, req);
	if (r < 0) {
		snprintf(why, size, "malformed request: %s", strerror(-r));
		send_error(s, r, why);
	}
	return r;
}

void mgmt_session(struct vmmd *d, int fd)
{
	uint8_t der[VMMD_CERT_MAX];
	const struct operator_pin *op;
	struct att_tls_sess *s = NULL;
	struct vmm_req req;
	char why[128], service[VT_CERT_CN_MAX + 1] = "", *reply = NULL;
	long len;
	int r, status;

	r = att_tls_accept(d->tls, fd, VMMD_IO_MS, &s);
	if (r < 0) {
		/* No key for the certificate, no certificate, not TLS 1.3... */
		snprintf(why, sizeof(why), "TLS handshake failed: %s", strerror(-r));
		vmmd_audit(d, "(unauthenticated)", "auth", "", VG_AUDIT_REFUSED, why);
		VMMD_LOG("%s", why);
		close(fd);
		return;
	}
	len = att_tls_peer_cert(s, der, sizeof(der));
	op = len > 0 ? operator_find(d, der, (size_t)len) : NULL;
	if (!op && len > 0)
		attest_service_check(d, der, (size_t)len, service, sizeof(service));
	if (!op && !service[0]) {
		if (len > 0)
			refuse_stranger(d, s, der, (size_t)len);
		else
			send_error(s, -EACCES, "no usable client certificate");
		goto out;
	}
	if (read_request(s, &req, why, sizeof(why)) < 0) {
		vmmd_audit(d, op ? op->name : service, "request", "", VG_AUDIT_REFUSED, why);
		goto out;
	}
	status = op ? mgmt_dispatch(d, op, &req, &reply)
		    : service_dispatch(d, service, &req, &reply);
	send_reply(s, status, reply);
	free(reply);
out:
	att_tls_close(s);
	close(fd);
}
