/* SPDX-License-Identifier: BSD-3-Clause */
/* vtpm-check: what the vtpm integration test asks of the libraries a
 * verifier would use, independently of vtpmd:
 *   vtpm-check cert CA.der CERT.der      the certificate verifies (wolfCrypt)
 *   vtpm-check quote QUOTE.json HEX      vtpmd's gateway quote verifies with
 *                                        nonce HEX: AK certified by the CA,
 *                                        the event log replays to the quoted
 *                                        PCRs; prints PCR 23
 *   vtpm-check unseal TCTI FILE          prints the secret a sealed blob holds
 *   vtpm-check contains FILE HEX         exit 0 when FILE holds those bytes
 *   vtpm-check point CERT.der            prints the certified key's X
 * Exit 0 yes, 1 no (with the reason on stderr), 2 usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/hash.h>
#include <wolfssl/wolfcrypt/sha256.h>

#include "hex.h"
#include "vt_cert.h"
#include "vt_tpm.h"

#define FILE_MAX (64u << 20)

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = malloc(FILE_MAX);

	*len = 0;
	if (f && buf)
		*len = fread(buf, 1, FILE_MAX, f);
	if (f)
		fclose(f);
	if (!f || !buf) {
		free(buf);
		fprintf(stderr, "vtpm-check: cannot read %s\n", path);
		exit(1);
	}
	return buf;
}

static int cert(const char *ca_path, const char *cert_path)
{
	size_t ca_len, len;
	uint8_t *ca = slurp(ca_path, &ca_len), *der = slurp(cert_path, &len);
	int r = vt_cert_verify(ca, ca_len, der, len);

	free(ca);
	free(der);
	if (r < 0)
		fprintf(stderr, "vtpm-check: %s does not verify: %s\n", cert_path, strerror(-r));
	return r < 0;
}

static const char *str(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : "";
}

static int pem_der(const char *pem, uint8_t *der, size_t size)
{
	return vt_cert_from_pem(pem, strlen(pem), der, size);
}

static int fail(const char *what)
{
	fprintf(stderr, "vtpm-check: %s\n", what);
	return 1;
}

static int quote(const char *json_path, const char *nonce_hex)
{
	static const uint32_t pcrs[] = { VT_PCR_POLICY, VT_PCR_GATEWAY };
	uint8_t pcr[2][VT_DIGEST_LEN] = { 0 }, nonce[32], ca[VT_CERT_DER_MAX],
		ak[VT_CERT_DER_MAX], x[32], y[32], buf[64];
	struct json_object *doc = json_object_from_file(json_path), *events;
	struct vt_quote q = { 0 };
	int n_nonce = vg_hex_decode(nonce_hex, nonce, sizeof(nonce)), ca_len, ak_len, r;
	char hex[2 * VT_DIGEST_LEN + 1];
	const char *attest;

	if (!doc || n_nonce < 0)
		return fail("cannot read the quote document or the nonce");
	ca_len = pem_der(str(doc, "ca_certificate"), ca, sizeof(ca));
	ak_len = pem_der(str(doc, "ak_certificate"), ak, sizeof(ak));
	if (ca_len < 0 || ak_len < 0)
		return fail("the quote carries no CA or AK certificate");
	if (vt_cert_verify(ca, (size_t)ca_len, ak, (size_t)ak_len) < 0 ||
	    vt_cert_public(ak, (size_t)ak_len, x, y) < 0)
		return fail("the AK certificate does not verify against the CA");
	/* Replay the event log. */
	events = json_object_object_get(doc, "events");
	for (size_t i = 0; events && i < json_object_array_length(events); i++) {
		struct json_object *e = json_object_array_get_idx(events, i);
		int idx = json_object_get_int(json_object_object_get(e, "pcr")) ==
			  VT_PCR_GATEWAY;

		memcpy(buf, pcr[idx], VT_DIGEST_LEN);
		if (vg_hex_decode(str(e, "sha256"), buf + 32, 32) != 32)
			return fail("malformed event");
		wc_Sha256Hash(buf, sizeof(buf), pcr[idx]);
	}
	attest = str(doc, "attest");
	r = vg_hex_decode(attest, q.attest, sizeof(q.attest));
	if (r <= 0 || vg_hex_decode(str(doc, "r"), q.r, 32) != 32 ||
	    vg_hex_decode(str(doc, "s"), q.s, 32) != 32)
		return fail("malformed quote");
	q.attest_len = (size_t)r;
	r = vt_quote_verify(x, y, &q, nonce, (size_t)n_nonce, pcrs, 2,
			    (const uint8_t (*)[VT_DIGEST_LEN])pcr);
	json_object_put(doc);
	if (r < 0) {
		fprintf(stderr, "vtpm-check: the quote does not verify: %s\n", strerror(-r));
		return 1;
	}
	vg_hex_encode(pcr[1], VT_DIGEST_LEN, hex);
	printf("%s\n", hex);
	return 0;
}

static int unseal(const char *tcti, const char *path)
{
	struct vt_tpm *t;
	struct vt_blob blob;
	uint8_t secret[VT_SEAL_MAX];
	char hex[2 * VT_SEAL_MAX + 1];
	size_t len;
	uint8_t *data = slurp(path, &len);
	int r;

	if (len > sizeof(blob.data))
		return fail("sealed blob too large");
	memcpy(blob.data, data, len);
	blob.len = len;
	free(data);
	r = vt_tpm_open(tcti, &t);
	if (r == 0) {
		r = vt_unseal(t, &blob, secret, &len);
		vt_tpm_close(t);
	}
	if (r < 0) {
		fprintf(stderr, "vtpm-check: cannot unseal: %s\n", strerror(-r));
		return 1;
	}
	vg_hex_encode(secret, len, hex);
	printf("%s\n", hex);
	return 0;
}

static int contains(const char *path, const char *hex)
{
	uint8_t needle[256];
	size_t len;
	int n = vg_hex_decode(hex, needle, sizeof(needle));
	uint8_t *data = slurp(path, &len);
	bool found = false;

	if (n <= 0)
		return fail("bad hex");
	for (size_t i = 0; !found && i + (size_t)n <= len; i++)
		found = memcmp(data + i, needle, (size_t)n) == 0;
	free(data);
	return !found;
}

static int point(const char *path)
{
	uint8_t x[32], y[32];
	char hex[65];
	size_t len;
	uint8_t *der = slurp(path, &len);
	int r = vt_cert_public(der, len, x, y);

	free(der);
	if (r < 0)
		return fail("not a certificate of a P-256 key");
	vg_hex_encode(x, sizeof(x), hex);
	printf("%s\n", hex);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "point") == 0)
		return point(argv[2]);
	if (argc == 4 && strcmp(argv[1], "cert") == 0)
		return cert(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "quote") == 0)
		return quote(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "unseal") == 0)
		return unseal(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "contains") == 0)
		return contains(argv[2], argv[3]);
	fprintf(stderr, "usage: vtpm-check cert|quote|unseal|contains ARG ARG\n");
	return 2;
}
