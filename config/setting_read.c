/* SPDX-License-Identifier: BSD-3-Clause */
/* Typed readers over libconfig settings: the one place that turns a
 * setting of the wrong type, range or spelling into a message. */
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

unsigned setting_line(const config_setting_t *s)
{
	unsigned line = s ? config_setting_source_line(s) : 0;

	return line ? line : 1; /* the root group has no line of its own */
}

static void vreport(struct parse *p, unsigned line, const char *ctx,
		    const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (ctx)
		vg_diag_add(p->diag, p->file, line, "%s: %s", ctx, msg);
	else
		vg_diag_add(p->diag, p->file, line, "%s", msg);
}

void parse_error(struct parse *p, const config_setting_t *at, const char *ctx,
		 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(p, setting_line(at), ctx, fmt, ap);
	va_end(ap);
}

void parse_error_line(struct parse *p, unsigned line, const char *ctx,
		      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(p, line, ctx, fmt, ap);
	va_end(ap);
}

void *parse_oom_check(struct parse *p, void *ptr)
{
	if (!ptr && !p->oom) {
		p->oom = true;
		vg_diag_add(p->diag, p->file, 0, "out of memory");
	}
	return ptr;
}

int read_known_keys(struct parse *p, const config_setting_t *group,
		    const char *ctx, const char *const *allowed)
{
	int bad = 0;

	for (int i = 0; i < config_setting_length(group); i++) {
		const config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
		const char *name = config_setting_name(s);
		const char *const *a = allowed;

		while (*a && strcmp(*a, name) != 0)
			a++;
		if (!*a) {
			parse_error(p, s, ctx, "unknown key '%s'", name);
			bad++;
		}
	}
	return bad;
}

/* Finds key; reports it missing when required. */
static const config_setting_t *member(struct parse *p,
				      const config_setting_t *group,
				      const char *key, const char *ctx,
				      bool required)
{
	const config_setting_t *s = config_setting_get_member(group, key);

	if (!s && required)
		parse_error(p, group, ctx, "missing required key '%s'", key);
	return s;
}

int read_string(struct parse *p, const config_setting_t *group, const char *key,
		const char *ctx, bool required, const char **out)
{
	const config_setting_t *s = member(p, group, key, ctx, required);

	if (!s)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		parse_error(p, s, ctx, "'%s' must be a string", key);
		return -1;
	}
	/* Copied: the config outlives libconfig's tree. */
	*out = parse_oom_check(p, vg_arena_strdup(p->arena, config_setting_get_string(s)));
	return *out ? 1 : -1;
}

int read_int(struct parse *p, const config_setting_t *group, const char *key,
	     const char *ctx, bool required, int64_t min, int64_t max,
	     int64_t *out)
{
	const config_setting_t *s = member(p, group, key, ctx, required);
	int64_t v;

	if (!s)
		return 0;
	switch (config_setting_type(s)) {
	case CONFIG_TYPE_INT:
		v = config_setting_get_int(s);
		break;
	case CONFIG_TYPE_INT64:
		v = config_setting_get_int64(s);
		break;
	default:
		parse_error(p, s, ctx, "'%s' must be an integer", key);
		return -1;
	}
	if (v < min || v > max) {
		parse_error(p, s, ctx, "'%s' must be between %" PRId64 " and %" PRId64
			    " (got %" PRId64 ")", key, min, max, v);
		return -1;
	}
	*out = v;
	return 1;
}

int read_bool(struct parse *p, const config_setting_t *group, const char *key,
	      const char *ctx, bool required, bool *out)
{
	const config_setting_t *s = member(p, group, key, ctx, required);

	if (!s)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
		parse_error(p, s, ctx, "'%s' must be true or false", key);
		return -1;
	}
	*out = config_setting_get_bool(s);
	return 1;
}

int read_enum(struct parse *p, const config_setting_t *group, const char *key,
	      const char *ctx, bool required, const char *const *names,
	      int *out)
{
	const config_setting_t *s;
	const char *v;
	char choices[256] = "";
	int r = read_string(p, group, key, ctx, required, &v);

	if (r <= 0)
		return r;
	for (int i = 0; names[i]; i++) {
		if (strcmp(names[i], v) == 0) {
			*out = i;
			return 1;
		}
		if (i)
			strncat(choices, ", ", sizeof(choices) - strlen(choices) - 1);
		strncat(choices, names[i], sizeof(choices) - strlen(choices) - 1);
	}
	s = config_setting_get_member(group, key);
	parse_error(p, s, ctx, "'%s' must be one of %s (got '%s')", key, choices, v);
	return -1;
}

int read_group(struct parse *p, const config_setting_t *group, const char *key,
	       const char *ctx, bool required, const config_setting_t **out)
{
	const config_setting_t *s = member(p, group, key, ctx, required);

	if (!s)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
		parse_error(p, s, ctx, "'%s' must be a group { ... }", key);
		return -1;
	}
	*out = s;
	return 1;
}

int read_sequence(struct parse *p, const config_setting_t *group,
		  const char *key, const char *ctx, bool required,
		  const config_setting_t **out)
{
	const config_setting_t *s = member(p, group, key, ctx, required);
	int type;

	if (!s)
		return 0;
	type = config_setting_type(s);
	if (type != CONFIG_TYPE_LIST && type != CONFIG_TYPE_ARRAY) {
		parse_error(p, s, ctx, "'%s' must be a list ( ... ) or array [ ... ]",
			    key);
		return -1;
	}
	*out = s;
	return 1;
}

int read_string_list(struct parse *p, const config_setting_t *group,
		     const char *key, const char *ctx, bool required,
		     const char *const **out, size_t *n)
{
	const config_setting_t *s = member(p, group, key, ctx, required);
	const char **v;
	int count;

	if (!s)
		return 0;
	if (config_setting_type(s) == CONFIG_TYPE_STRING) {
		v = parse_oom_check(p, vg_arena_array(p->arena, 1, sizeof(*v)));
		if (!v)
			return -1;
		v[0] = parse_oom_check(p, vg_arena_strdup(p->arena,
						config_setting_get_string(s)));
		if (!v[0])
			return -1;
		*out = v;
		*n = 1;
		return 1;
	}
	if (config_setting_type(s) != CONFIG_TYPE_LIST &&
	    config_setting_type(s) != CONFIG_TYPE_ARRAY) {
		parse_error(p, s, ctx, "'%s' must be a string or a list of strings",
			    key);
		return -1;
	}
	count = config_setting_length(s);
	v = parse_oom_check(p, vg_arena_array(p->arena, (size_t)count, sizeof(*v)));
	if (!v)
		return -1;
	for (int i = 0; i < count; i++) {
		const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);

		if (config_setting_type(e) != CONFIG_TYPE_STRING) {
			parse_error(p, e, ctx, "'%s' must contain only strings", key);
			return -1;
		}
		v[i] = parse_oom_check(p, vg_arena_strdup(p->arena,
						config_setting_get_string(e)));
		if (!v[i])
			return -1;
	}
	*out = v;
	*n = (size_t)count;
	return 1;
}

int read_path(struct parse *p, const config_setting_t *group, const char *key,
	      const char *ctx, bool required, const char **out)
{
	const char *v;
	char buf[PATH_MAX];
	int r = read_string(p, group, key, ctx, required, &v);

	if (r <= 0)
		return r;
	if (v[0] == '\0') {
		parse_error(p, config_setting_get_member(group, key), ctx,
			    "'%s' must not be empty", key);
		return -1;
	}
	if (v[0] != '/') {
		int len = snprintf(buf, sizeof(buf), "%s/%s", p->base_dir, v);

		if (len < 0 || (size_t)len >= sizeof(buf)) {
			parse_error(p, config_setting_get_member(group, key), ctx,
				    "'%s' is too long a path", key);
			return -1;
		}
		v = buf;
	} else if (strlen(v) >= PATH_MAX) {
		parse_error(p, config_setting_get_member(group, key), ctx,
			    "'%s' is too long a path", key);
		return -1;
	}
	*out = parse_oom_check(p, vg_arena_strdup(p->arena, v));
	return *out ? 1 : -1;
}

bool name_is_valid(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > VG_NAME_MAX)
		return false;
	if (!((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z') ||
	      (name[0] >= '0' && name[0] <= '9')))
		return false;
	for (size_t i = 1; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
			return false;
	}
	return true;
}

static int by_key_then_line(const void *a, const void *b)
{
	const struct dup_key *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

void report_duplicates(struct parse *p, struct dup_key *keys, size_t n,
		       const char *what)
{
	size_t first = 0;

	qsort(keys, n, sizeof(*keys), by_key_then_line);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(keys[first].key, keys[i].key) != 0) {
			first = i;
			continue;
		}
		parse_error_line(p, keys[i].line, NULL,
				 "duplicate %s '%s' (first at line %u)",
				 what, keys[i].key, keys[first].line);
	}
}
