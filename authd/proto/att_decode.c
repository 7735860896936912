/* SPDX-License-Identifier: BSD-3-Clause */
/* Decoding one frame from a peer. Every byte is hostile: each length is
 * checked against what is left before it is used, and the first problem
 * ends the decoding with its own errno. */
#include "proto_local.h"

#include <errno.h>
#include <string.h>

/* Decodes the fields of payload (len bytes) against schema s into m. */
static int decode_fields(const struct att_schema *s, const uint8_t *payload,
			 size_t len, struct att_msg *m)
{
	size_t off = 0;
	int prev = -1;

	while (off < len) {
		const struct att_field_spec *f;
		unsigned tag;
		size_t flen;
		int r;

		if (len - off < 3)
			return -EOVERFLOW;
		tag = payload[off];
		flen = (size_t)payload[off + 1] << 8 | payload[off + 2];
		off += 3;
		if (flen > len - off)
			return -EOVERFLOW;
		r = att_tag_order(prev, tag);
		if (r < 0)
			return r;
		f = att_schema_field(s, tag);
		if (!f)
			return -ENOPROTOOPT;
		r = att_field_check(f, payload + off, flen);
		if (r < 0)
			return r;
		m->f[tag].p = payload + off;
		m->f[tag].len = (uint16_t)flen;
		m->present |= 1u << tag;
		prev = (int)tag;
		off += flen;
	}
	for (size_t i = 0; i < ATT_FIELDS_MAX && s->fields[i].tag; i++)
		if (!s->fields[i].optional && !att_msg_has(m, s->fields[i].tag))
			return -ENODATA;
	return 0;
}

/* The header and the frame's length, then the fields. */
static int decode(const uint8_t *buf, size_t len, struct att_msg *m)
{
	const struct att_schema *s;
	long plen;

	if (!buf || len < ATT_HDR_LEN)
		return -ENOMSG;
	plen = att_frame_check(buf);
	if (plen < 0)
		return (int)plen;
	s = att_schema_of(buf[3]);
	if (!s)
		return -EBADRQC;
	if (len - ATT_HDR_LEN < (size_t)plen)
		return -EPROTO;
	if (len - ATT_HDR_LEN > (size_t)plen)
		return -E2BIG;
	m->type = buf[3];
	return decode_fields(s, buf + ATT_HDR_LEN, (size_t)plen, m);
}

int att_msg_decode(const uint8_t *buf, size_t len, struct att_msg *m)
{
	int r;

	if (!m)
		return -EINVAL;
	memset(m, 0, sizeof(*m));
	r = decode(buf, len, m);
	if (r < 0)
		memset(m, 0, sizeof(*m));
	return r;
}
