/* SPDX-License-Identifier: BSD-3-Clause */
/* Port lists and ICMP type lists of a rule. A port list is an integer, a
 * string such as "80,443,8000-8080", or a list of either. */
#include <ctype.h>
#include <string.h>

#include "parse.h"

#define MAX_RANGES 64
#define PORT_MAX 65535

struct range_list {
	struct vg_port_range v[MAX_RANGES];
	size_t n;
};

static bool add_range(struct parse *p, const config_setting_t *at,
		      const char *ctx, struct range_list *l, long lo, long hi)
{
	if (lo < 0 || lo > PORT_MAX || hi < 0 || hi > PORT_MAX) {
		parse_error(p, at, ctx, "port %ld is out of range 0-%d",
			    (lo < 0 || lo > PORT_MAX) ? lo : hi, PORT_MAX);
		return false;
	}
	if (lo > hi) {
		parse_error(p, at, ctx, "port range %ld-%ld is reversed", lo, hi);
		return false;
	}
	if (l->n == MAX_RANGES) {
		parse_error(p, at, ctx, "more than %d port ranges", MAX_RANGES);
		return false;
	}
	l->v[l->n].lo = (uint16_t)lo;
	l->v[l->n].hi = (uint16_t)hi;
	l->n++;
	return true;
}

/* Reads a decimal number of at most 6 digits (enough to see 65536+). */
static const char *number(const char *s, long *v)
{
	int digits = 0;

	*v = 0;
	while (isdigit((unsigned char)*s) && digits < 7) {
		*v = *v * 10 + (*s++ - '0');
		digits++;
	}
	return digits ? s : NULL;
}

static bool add_text(struct parse *p, const config_setting_t *at,
		     const char *ctx, struct range_list *l, const char *text)
{
	const char *s = text;

	for (;;) {
		long lo, hi;

		while (*s == ' ')
			s++;
		s = number(s, &lo);
		hi = lo;
		if (s && *s == '-')
			s = number(s + 1, &hi);
		while (s && *s == ' ')
			s++;
		if (!s || (*s != ',' && *s != '\0')) {
			parse_error(p, at, ctx, "malformed port list '%s'", text);
			return false;
		}
		if (!add_range(p, at, ctx, l, lo, hi))
			return false;
		if (*s == '\0')
			return true;
		s++;
	}
}

static bool add_item(struct parse *p, const config_setting_t *e,
		     const char *ctx, const char *key, struct range_list *l)
{
	switch (config_setting_type(e)) {
	case CONFIG_TYPE_INT:
		return add_range(p, e, ctx, l, config_setting_get_int(e),
				 config_setting_get_int(e));
	case CONFIG_TYPE_INT64: {
		long long v = config_setting_get_int64(e);
		long c = v < 0 ? -1 : v > PORT_MAX ? PORT_MAX + 1 : (long)v;

		if (c != v) {
			parse_error(p, e, ctx, "port %lld is out of range 0-%d", v, PORT_MAX);
			return false;
		}
		return add_range(p, e, ctx, l, c, c);
	}
	case CONFIG_TYPE_STRING:
		return add_text(p, e, ctx, l, config_setting_get_string(e));
	default:
		parse_error(p, e, ctx, "'%s' must hold port numbers or \"lo-hi\" strings",
			    key);
		return false;
	}
}

int read_ports(struct parse *p, const config_setting_t *rule, const char *key,
	       const char *ctx, const struct vg_port_range **out, size_t *n)
{
	const config_setting_t *s = config_setting_get_member(rule, key);
	struct range_list l = { .n = 0 };
	struct vg_port_range *v;

	if (!s)
		return 0;
	if (config_setting_is_aggregate(s) && config_setting_type(s) != CONFIG_TYPE_GROUP) {
		if (config_setting_length(s) == 0) {
			parse_error(p, s, ctx, "'%s' is empty", key);
			return -1;
		}
		for (int i = 0; i < config_setting_length(s); i++)
			if (!add_item(p, config_setting_get_elem(s, (unsigned)i), ctx, key, &l))
				return -1;
	} else if (!add_item(p, s, ctx, key, &l)) {
		return -1;
	}
	v = parse_oom_check(p, vg_arena_array(p->arena, l.n, sizeof(*v)));
	if (!v)
		return -1;
	memcpy(v, l.v, l.n * sizeof(*v));
	*out = v;
	*n = l.n;
	return 1;
}

int read_icmp_types(struct parse *p, const config_setting_t *rule,
		    const char *ctx, const uint8_t **out, size_t *n)
{
	const config_setting_t *s = config_setting_get_member(rule, "icmp_types");
	bool single;
	int count;
	uint8_t *v;

	if (!s)
		return 0;
	single = !config_setting_is_aggregate(s);
	count = single ? 1 : config_setting_length(s);
	if (count == 0 || count > 256 || config_setting_type(s) == CONFIG_TYPE_GROUP) {
		parse_error(p, s, ctx, "'icmp_types' must list 1 to 256 types");
		return -1;
	}
	v = parse_oom_check(p, vg_arena_array(p->arena, (size_t)count, sizeof(*v)));
	if (!v)
		return -1;
	for (int i = 0; i < count; i++) {
		const config_setting_t *e = single ? s : config_setting_get_elem(s, (unsigned)i);
		long long t;

		if (config_setting_type(e) != CONFIG_TYPE_INT &&
		    config_setting_type(e) != CONFIG_TYPE_INT64) {
			parse_error(p, e, ctx, "'icmp_types' must contain integers");
			return -1;
		}
		t = config_setting_get_int64(e);
		if (config_setting_type(e) == CONFIG_TYPE_INT)
			t = config_setting_get_int(e);
		if (t < 0 || t > 255) {
			parse_error(p, e, ctx, "icmp type %lld is out of range 0-255", t);
			return -1;
		}
		v[i] = (uint8_t)t;
	}
	*out = v;
	*n = (size_t)count;
	return 1;
}
