/* SPDX-License-Identifier: BSD-3-Clause */
/* The checks on one field's value, the same for a field decoded from a
 * peer and a field about to be sent. */
#include "proto_local.h"

#include <errno.h>

static bool is_alnum(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9');
}

/* Names become file, socket and counter names on the gateway, so they
 * follow the policy file's rule: no leading '.', '-' or '_'. */
static int check_name(const uint8_t *p, size_t len)
{
	if (len == 0 || !is_alnum(p[0]))
		return -EILSEQ;
	for (size_t i = 1; i < len; i++)
		if (!is_alnum(p[i]) && p[i] != '_' && p[i] != '.' && p[i] != '-')
			return -EILSEQ;
	return 0;
}

static int check_text(const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] < 0x20 || p[i] > 0x7e)
			return -EILSEQ;
	return 0;
}

static int check_pcr_select(const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] >= ATT_PCR_COUNT || (i > 0 && p[i] <= p[i - 1]))
			return -EDOM;
	return 0;
}

int att_field_check(const struct att_field_spec *f, const uint8_t *p,
		    size_t len)
{
	if (len < f->min || len > f->max)
		return -ERANGE;
	switch (f->kind) {
	case ATT_K_NAME:
		return check_name(p, len);
	case ATT_K_TEXT:
		return check_text(p, len);
	case ATT_K_PCR_SELECT:
		return check_pcr_select(p, len);
	default:
		return 0;
	}
}

int att_tag_order(int prev, unsigned tag)
{
	if (prev < 0 || tag > (unsigned)prev)
		return 0;
	return tag == (unsigned)prev ? -ENOTUNIQ : -EBADSLT;
}
