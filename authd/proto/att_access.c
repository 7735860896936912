/* SPDX-License-Identifier: BSD-3-Clause */
/* Typed reads of a decoded message's fields. The decoder has checked
 * them already; the accessors check again what they rely on, so a caller
 * that filled a struct att_msg by hand cannot get past them either. */
#include "proto_local.h"

#include <errno.h>
#include <string.h>

bool att_msg_has(const struct att_msg *m, unsigned tag)
{
	return m && tag < ATT_TAG_MAX && (m->present & (1u << tag));
}

int att_msg_bytes(const struct att_msg *m, unsigned tag, const uint8_t **p,
		  size_t *len)
{
	if (!att_msg_has(m, tag))
		return -ENOENT;
	*p = m->f[tag].p;
	*len = m->f[tag].len;
	return 0;
}

/* The spec of tag in m's type when it is of kind, else NULL. */
static const struct att_field_spec *spec_of(const struct att_msg *m,
					    unsigned tag, enum att_kind kind)
{
	const struct att_schema *s = m ? att_schema_of(m->type) : NULL;
	const struct att_field_spec *f = s ? att_schema_field(s, tag) : NULL;

	return f && f->kind == kind ? f : NULL;
}

int att_msg_u32(const struct att_msg *m, unsigned tag, uint32_t *v)
{
	const struct att_field_spec *f = spec_of(m, tag, ATT_K_UINT);
	const struct att_field *x;
	uint32_t n = 0;

	if (!f)
		return -EINVAL;
	if (!att_msg_has(m, tag))
		return -ENOENT;
	x = &m->f[tag];
	if (x->len != f->max)
		return -ERANGE;
	for (unsigned i = 0; i < x->len; i++)
		n = n << 8 | x->p[i];
	*v = n;
	return 0;
}

/* Copies a checked string field of kind into buf. */
static int copy_str(const struct att_msg *m, unsigned tag, enum att_kind kind,
		    char *buf, size_t size)
{
	const struct att_field_spec *f = spec_of(m, tag, kind);
	const struct att_field *x;
	int r;

	if (!f || !buf)
		return -EINVAL;
	if (!att_msg_has(m, tag)) {
		if (!f->optional)
			return -ENOENT;
		if (size == 0)
			return -ENOSPC;
		buf[0] = '\0';
		return 0;
	}
	x = &m->f[tag];
	r = att_field_check(f, x->p, x->len);
	if (r < 0)
		return r;
	if ((size_t)x->len >= size)
		return -ENOSPC;
	memcpy(buf, x->p, x->len);
	buf[x->len] = '\0';
	return x->len;
}

int att_msg_name(const struct att_msg *m, unsigned tag, char *buf,
		 size_t size)
{
	return copy_str(m, tag, ATT_K_NAME, buf, size);
}

int att_msg_text(const struct att_msg *m, unsigned tag, char *buf,
		 size_t size)
{
	return copy_str(m, tag, ATT_K_TEXT, buf, size);
}
