/* SPDX-License-Identifier: BSD-3-Clause */
/* Certificates signed by the platform CA: its own self-signed certificate
 * and those of guests' EK, AK and TLS keys. wolfSSL encodes them; the
 * signer signs them. */
#include "cert_local.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <wolfssl/wolfcrypt/asn_public.h>

_Static_assert(VT_CERT_CN_MAX < CTC_NAME_SIZE, "a CN fits wolfSSL's name");

#define SERIAL_LEN 16

static const char *const key_usage[] = {
	[VT_CERT_EK] = "keyEncipherment,keyAgreement",
	[VT_CERT_AK] = "digitalSignature",
	[VT_CERT_TLS_CLIENT] = "digitalSignature",
	[VT_CERT_TLS_SERVER] = "digitalSignature",
};

static const char *const ext_key_usage[] = {
	[VT_CERT_TLS_CLIENT] = "clientAuth",
	[VT_CERT_TLS_SERVER] = "serverAuth",
};

static bool args_valid(const struct vt_signer *ca, const char *cn,
		       unsigned days, const uint8_t *der, const size_t *len)
{
	return ca && ca->sign && vt_cert_cn_valid(cn) && days >= 1 &&
	       days <= VT_CERT_DAYS_MAX && der && len;
}

/* A new certificate with CN=cn, valid for days, ECDSA with SHA-256, and a
 * random serial of exactly SERIAL_LEN bytes, positive. NULL when out of
 * memory or the RNG fails. */
static Cert *cert_template(const char *cn, unsigned days, WC_RNG *rng)
{
	Cert *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	if (wc_InitCert(c) != 0 ||
	    wc_RNG_GenerateBlock(rng, c->serial, SERIAL_LEN) != 0) {
		free(c);
		return NULL;
	}
	c->serial[0] = (uint8_t)((c->serial[0] & 0x7f) | 0x40);
	c->serialSz = SERIAL_LEN;
	c->sigType = CTC_SHA256wECDSA;
	c->daysValid = (int)days;
	memcpy(c->subject.commonName, cn, strlen(cn) + 1);
	c->subject.commonNameEnc = CTC_UTF8;
	return c;
}

/* Encodes c around the subject's public key, has the signer sign it, and
 * copies the certificate into der (*len bytes). 0 or -errno. */
static int cert_sign_out(Cert *c, struct cert_signing *cs, ecc_key *subject,
			 uint8_t *der, size_t *len)
{
	uint8_t *buf = malloc(VT_CERT_DER_MAX);
	size_t body;
	int r;

	if (!buf)
		return -ENOMEM;
	r = wc_MakeCert_ex(c, buf, VT_CERT_DER_MAX, ECC_TYPE, subject, &cs->rng);
	if (r < 0) {
		r = cert_errno(r);
		goto out;
	}
	body = (size_t)r;
	if (c->isCA && (r = cert_mark_ca_critical(buf, &body, VT_CERT_DER_MAX)) < 0)
		goto out;
	r = wc_SignCert_ex((int)body, c->sigType, buf, VT_CERT_DER_MAX, ECC_TYPE,
			   &cs->key, &cs->rng);
	if (r < 0) {
		r = cs->signer_err ? cs->signer_err : cert_errno(r);
	} else if ((size_t)r > *len) {
		r = -ENOSPC;
	} else {
		memcpy(der, buf, (size_t)r);
		*len = (size_t)r;
		r = 0;
	}
out:
	free(buf);
	return r;
}

int vt_cert_ca_self(const struct vt_signer *ca, const char *cn,
		    unsigned days, uint8_t *der, size_t *len)
{
	struct cert_signing cs;
	Cert *c = NULL;
	int r;

	if (!args_valid(ca, cn, days, der, len))
		return -EINVAL;
	r = cert_signing_begin(&cs, ca);
	if (r == 0 && !(c = cert_template(cn, days, &cs.rng)))
		r = -ENOMEM;
	if (r == 0) {
		/* A CA for end entities only: path length 0. */
		c->selfSigned = 1;
		c->isCA = 1;
		c->pathLen = 0;
		c->pathLenSet = 1;
		if (wc_SetKeyUsage(c, "keyCertSign,cRLSign") != 0 ||
		    wc_SetSubjectKeyIdFromPublicKey_ex(c, ECC_TYPE, &cs.key) != 0)
			r = -EIO;
	}
	if (r == 0)
		r = cert_sign_out(c, &cs, &cs.key, der, len);
	free(c);
	cert_signing_end(&cs);
	return r;
}

/* The end-entity parts of c: issuer and authority key id from the CA
 * certificate, CA:FALSE, the subject key id, and kind's key usage. */
static int end_entity(Cert *c, const uint8_t *ca_der, size_t ca_len,
		      ecc_key *subject, enum vt_cert_kind kind)
{
	c->selfSigned = 0;
	c->isCA = 0;
	c->basicConstSet = 1;
	if (wc_SetIssuerBuffer(c, ca_der, (int)ca_len) != 0 ||
	    wc_SetAuthKeyIdFromCert(c, ca_der, (int)ca_len) != 0)
		return -EBADMSG;
	if (wc_SetSubjectKeyIdFromPublicKey_ex(c, ECC_TYPE, subject) != 0 ||
	    wc_SetKeyUsage(c, key_usage[kind]) != 0)
		return -EIO;
	if (ext_key_usage[kind] && wc_SetExtKeyUsage(c, ext_key_usage[kind]) != 0)
		return -EIO;
	return 0;
}

int vt_cert_issue(const struct vt_signer *ca, const uint8_t *ca_der,
		  size_t ca_len, const char *cn, const uint8_t x[32],
		  const uint8_t y[32], enum vt_cert_kind kind, unsigned days,
		  uint8_t *der, size_t *len)
{
	struct cert_signing cs;
	uint8_t ca_x[32], ca_y[32];
	ecc_key subject;
	Cert *c = NULL;
	int r;

	if (!args_valid(ca, cn, days, der, len) || !ca_der || !x || !y ||
	    (unsigned)kind > VT_CERT_TLS_SERVER)
		return -EINVAL;
	r = vt_cert_public(ca_der, ca_len, ca_x, ca_y);
	if (r < 0)
		return -EBADMSG;
	if (memcmp(ca_x, ca->x, 32) != 0 || memcmp(ca_y, ca->y, 32) != 0)
		return -EINVAL;
	r = cert_import_point(&subject, INVALID_DEVID, x, y);
	if (r == 0)
		r = cert_signing_begin(&cs, ca);
	else
		memset(&cs, 0, sizeof(cs));
	if (r == 0 && !(c = cert_template(cn, days, &cs.rng)))
		r = -ENOMEM;
	if (r == 0)
		r = end_entity(c, ca_der, ca_len, &subject, kind);
	if (r == 0)
		r = cert_sign_out(c, &cs, &subject, der, len);
	free(c);
	cert_signing_end(&cs);
	wc_ecc_free(&subject);
	return r;
}
