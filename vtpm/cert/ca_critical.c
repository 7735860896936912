/* SPDX-License-Identifier: BSD-3-Clause */
/* RFC 5280 (4.2.1.9) wants a CA certificate's basicConstraints marked
 * critical, and OpenSSL's strict verification refuses a CA whose
 * extension is not; wolfSSL 5.5.4 has no way to ask for it. This adds the
 * critical flag to the TBSCertificate wolfSSL encoded, before it is
 * signed: one BOOLEAN inserted, four enclosing lengths grown by 3. */
#include "cert_local.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define TAG_BOOLEAN 0x01
#define TAG_OCTET_STRING 0x04
#define TAG_OID 0x06
#define TAG_SEQUENCE 0x30
#define TAG_EXTENSIONS 0xa3     /* [3] EXPLICIT, in a v3 TBSCertificate */
#define CRITICAL_LEN 3          /* BOOLEAN TRUE: 01 01 ff */
#define LEN_MAX 0xffff          /* lengths up to two bytes, as a certificate needs */

static const uint8_t basic_constraints_oid[] = { TAG_OID, 3, 0x55, 0x1d, 0x13 };

/* One DER element: its tag, where it starts, header and content lengths. */
struct tlv {
	uint8_t tag;
	size_t at, hdr, len;
};

/* Reads the element at p[at] that must end by end. 0 or -1. */
static int tlv_read(const uint8_t *p, size_t at, size_t end, struct tlv *t)
{
	size_t avail = end > at ? end - at : 0;

	if (avail < 2)
		return -1;
	t->tag = p[at];
	t->at = at;
	if (p[at + 1] < 0x80) {
		t->hdr = 2;
		t->len = p[at + 1];
	} else if (p[at + 1] == 0x81 && avail >= 3) {
		t->hdr = 3;
		t->len = p[at + 2];
	} else if (p[at + 1] == 0x82 && avail >= 4) {
		t->hdr = 4;
		t->len = (size_t)p[at + 2] << 8 | p[at + 3];
	} else {
		return -1;
	}
	return t->len <= avail - t->hdr ? 0 : -1;
}

static size_t tlv_end(const struct tlv *t)
{
	return t->at + t->hdr + t->len;
}

/* Writes a header for len content bytes at out; returns its length. */
static size_t hdr_write(uint8_t *out, uint8_t tag, size_t len)
{
	out[0] = tag;
	if (len < 0x80) {
		out[1] = (uint8_t)len;
		return 2;
	}
	if (len <= 0xff) {
		out[1] = 0x81;
		out[2] = (uint8_t)len;
		return 3;
	}
	out[1] = 0x82;
	out[2] = (uint8_t)(len >> 8);
	out[3] = (uint8_t)len;
	return 4;
}

/* Finds the first child of parent with tag; 0 or -1. */
static int child_find(const uint8_t *p, const struct tlv *parent, uint8_t tag,
		      struct tlv *out)
{
	size_t at = parent->at + parent->hdr, end = tlv_end(parent);

	while (at < end) {
		if (tlv_read(p, at, end, out) < 0)
			return -1;
		if (out->tag == tag)
			return 0;
		at = tlv_end(out);
	}
	return -1;
}

/* Finds the basicConstraints extension in the extensions SEQUENCE: ext is
 * the extension, flag its element after the OID. 0 or -1. */
static int basic_constraints_find(const uint8_t *p, const struct tlv *exts,
				  struct tlv *ext, struct tlv *flag)
{
	size_t at = exts->at + exts->hdr, end = tlv_end(exts);
	struct tlv oid;

	while (at < end) {
		if (tlv_read(p, at, end, ext) < 0 || ext->tag != TAG_SEQUENCE ||
		    tlv_read(p, ext->at + ext->hdr, tlv_end(ext), &oid) < 0)
			return -1;
		if (oid.hdr + oid.len == sizeof(basic_constraints_oid) &&
		    memcmp(p + oid.at, basic_constraints_oid, sizeof(basic_constraints_oid)) == 0)
			return tlv_read(p, tlv_end(&oid), tlv_end(ext), flag);
		at = tlv_end(ext);
	}
	return -1;
}

int cert_mark_ca_critical(uint8_t *tbs, size_t *len, size_t size)
{
	struct tlv cert, a3, exts, ext, flag;
	uint8_t *out;
	size_t n = 0;

	if (tlv_read(tbs, 0, *len, &cert) < 0 || cert.tag != TAG_SEQUENCE ||
	    tlv_end(&cert) != *len || child_find(tbs, &cert, TAG_EXTENSIONS, &a3) < 0 ||
	    child_find(tbs, &a3, TAG_SEQUENCE, &exts) < 0 || exts.at != a3.at + a3.hdr ||
	    basic_constraints_find(tbs, &exts, &ext, &flag) < 0)
		return -EIO;
	if (flag.tag == TAG_BOOLEAN)
		return 0;
	if (flag.tag != TAG_OCTET_STRING || cert.len + CRITICAL_LEN > LEN_MAX)
		return -EIO;
	out = malloc(*len + CRITICAL_LEN + 4);
	if (!out)
		return -ENOMEM;
	n += hdr_write(out + n, TAG_SEQUENCE, cert.len + CRITICAL_LEN);
	memcpy(out + n, tbs + cert.hdr, a3.at - cert.hdr);
	n += a3.at - cert.hdr;
	n += hdr_write(out + n, TAG_EXTENSIONS, a3.len + CRITICAL_LEN);
	n += hdr_write(out + n, TAG_SEQUENCE, exts.len + CRITICAL_LEN);
	memcpy(out + n, tbs + exts.at + exts.hdr, ext.at - (exts.at + exts.hdr));
	n += ext.at - (exts.at + exts.hdr);
	n += hdr_write(out + n, TAG_SEQUENCE, ext.len + CRITICAL_LEN);
	memcpy(out + n, tbs + ext.at + ext.hdr, flag.at - (ext.at + ext.hdr));
	n += flag.at - (ext.at + ext.hdr);
	memcpy(out + n, (const uint8_t[]){ TAG_BOOLEAN, 1, 0xff }, CRITICAL_LEN);
	n += CRITICAL_LEN;
	memcpy(out + n, tbs + flag.at, *len - flag.at);
	n += *len - flag.at;
	if (n > size) {
		free(out);
		return -ENOSPC;
	}
	memcpy(tbs, out, n);
	*len = n;
	free(out);
	return 0;
}
