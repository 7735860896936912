/* SPDX-License-Identifier: BSD-3-Clause */
/* Building one frame into a caller's buffer, with the decoder's checks:
 * what the decoder would refuse is never written. */
#include "proto_local.h"

#include <errno.h>
#include <string.h>

/* Records the builder's first error and returns the one recorded. */
static int fail(struct att_builder *b, int err)
{
	if (!b->err)
		b->err = err;
	return b->err;
}

int att_build_begin(struct att_builder *b, uint8_t *buf, size_t size,
		    unsigned type)
{
	if (!b)
		return -EINVAL;
	memset(b, 0, sizeof(*b));
	if (!buf)
		return fail(b, -EINVAL);
	if (!att_schema_of(type))
		return fail(b, -EBADRQC);
	if (size < ATT_HDR_LEN)
		return fail(b, -ENOSPC);
	b->buf = buf;
	b->size = size;
	b->len = ATT_HDR_LEN;
	b->type = (uint8_t)type;
	return 0;
}

/* The spec of tag in the builder's message, after the order checks. */
static int field_spec(struct att_builder *b, unsigned tag,
		      const struct att_field_spec **f)
{
	int r;

	if (b->err)
		return b->err;
	if (b->done || !b->buf)
		return fail(b, -EINVAL);
	r = att_tag_order(b->present ? b->last_tag : -1, tag);
	if (r < 0)
		return fail(b, r);
	*f = att_schema_field(att_schema_of(b->type), tag);
	return *f ? 0 : fail(b, -ENOPROTOOPT);
}

/* Appends a field whose spec f was found by field_spec. */
static int append(struct att_builder *b, const struct att_field_spec *f,
		  const void *val, size_t len)
{
	int r;

	if (len && !val)
		return fail(b, -EINVAL);
	r = att_field_check(f, val, len);
	if (r < 0)
		return fail(b, r);
	if (b->len - ATT_HDR_LEN + 3 + len > ATT_PAYLOAD_MAX)
		return fail(b, -EMSGSIZE);
	if (b->size - b->len < 3 + len)
		return fail(b, -ENOSPC);
	b->buf[b->len] = f->tag;
	b->buf[b->len + 1] = (uint8_t)(len >> 8);
	b->buf[b->len + 2] = (uint8_t)len;
	if (len)
		memcpy(b->buf + b->len + 3, val, len);
	b->len += 3 + len;
	b->last_tag = f->tag;
	b->present |= 1u << f->tag;
	return 0;
}

int att_build_put(struct att_builder *b, unsigned tag, const void *val,
		  size_t len)
{
	const struct att_field_spec *f;
	int r;

	if (!b)
		return -EINVAL;
	r = field_spec(b, tag, &f);
	return r < 0 ? r : append(b, f, val, len);
}

int att_build_put_u32(struct att_builder *b, unsigned tag, uint32_t v)
{
	const struct att_field_spec *f;
	uint8_t be[4];
	unsigned w;
	int r;

	if (!b)
		return -EINVAL;
	r = field_spec(b, tag, &f);
	if (r < 0)
		return r;
	if (f->kind != ATT_K_UINT)
		return fail(b, -EINVAL);
	w = f->max;
	if (w < 4 && v >> (8 * w))
		return fail(b, -ERANGE);
	for (unsigned i = 0; i < w; i++)
		be[i] = (uint8_t)(v >> (8 * (w - 1 - i)));
	return append(b, f, be, w);
}

int att_build_put_str(struct att_builder *b, unsigned tag, const char *s)
{
	const struct att_field_spec *f;
	size_t len;
	int r;

	if (!b)
		return -EINVAL;
	r = field_spec(b, tag, &f);
	if (r < 0)
		return r;
	if (!s || (f->kind != ATT_K_NAME && f->kind != ATT_K_TEXT))
		return fail(b, -EINVAL);
	len = strnlen(s, (size_t)f->max + 1);
	if (len == 0 && f->optional)
		return 0;
	return append(b, f, s, len);
}

long att_build_end(struct att_builder *b)
{
	const struct att_schema *s;
	size_t plen;

	if (!b)
		return -EINVAL;
	if (b->err)
		return b->err;
	if (b->done || !b->buf)
		return fail(b, -EINVAL);
	s = att_schema_of(b->type);
	for (size_t i = 0; i < ATT_FIELDS_MAX && s->fields[i].tag; i++)
		if (!s->fields[i].optional && !(b->present & (1u << s->fields[i].tag)))
			return fail(b, -ENODATA);
	plen = b->len - ATT_HDR_LEN;
	b->buf[0] = ATT_MAGIC0;
	b->buf[1] = ATT_MAGIC1;
	b->buf[2] = ATT_VERSION;
	b->buf[3] = b->type;
	b->buf[4] = (uint8_t)(plen >> 24);
	b->buf[5] = (uint8_t)(plen >> 16);
	b->buf[6] = (uint8_t)(plen >> 8);
	b->buf[7] = (uint8_t)plen;
	b->done = true;
	return (long)b->len;
}
