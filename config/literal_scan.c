/* SPDX-License-Identifier: BSD-3-Clause */
#include "literal_scan.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "diag.h"

struct scan {
	const char *p, *end;
	unsigned line;
	const char *file;
	struct vg_diag *diag;
	size_t problems;
};

static bool at(const struct scan *s, size_t off, char c)
{
	return s->p + off < s->end && s->p[off] == c;
}

static void skip_to_eol(struct scan *s)
{
	while (s->p < s->end && *s->p != '\n')
		s->p++;
}

static void skip_block_comment(struct scan *s)
{
	s->p += 2;
	while (s->p < s->end && !(at(s, 0, '*') && at(s, 1, '/'))) {
		if (*s->p == '\n')
			s->line++;
		s->p++;
	}
	if (s->p < s->end)
		s->p += 2;
}

static void skip_string(struct scan *s)
{
	s->p++;
	while (s->p < s->end && *s->p != '"') {
		if (*s->p == '\\' && s->p + 1 < s->end)
			s->p++;
		if (*s->p == '\n')
			s->line++;
		s->p++;
	}
	if (s->p < s->end)
		s->p++;
}

static bool is_name_start(char c)
{
	return isalpha((unsigned char)c) || c == '*';
}

static bool is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '*';
}

static void report_range(struct scan *s, const char *start)
{
	vg_diag_add(s->diag, s->file, s->line, "integer %.*s is out of range",
		    (int)(s->p - start), start);
	s->problems++;
}

/* Accumulates digits in base; sets *overflow past UINT64_MAX. */
static uint64_t digits(struct scan *s, unsigned base, bool *overflow)
{
	uint64_t v = 0;

	while (s->p < s->end && isxdigit((unsigned char)*s->p)) {
		unsigned d = isdigit((unsigned char)*s->p) ? (unsigned)(*s->p - '0')
			   : (unsigned)(tolower((unsigned char)*s->p) - 'a' + 10);

		if (d >= base)
			break;
		if (v > (UINT64_MAX - d) / base)
			*overflow = true;
		v = v * base + d;
		s->p++;
	}
	return v;
}

static void scan_number(struct scan *s)
{
	const char *start = s->p;
	bool neg = false, overflow = false, wide;
	uint64_t v, limit;

	if (*s->p == '+' || *s->p == '-')
		neg = *s->p++ == '-';
	if (at(s, 0, '0') && (at(s, 1, 'x') || at(s, 1, 'X'))) {
		s->p += 2;
		v = digits(s, 16, &overflow);
		neg = false; /* libconfig reads hex unsigned; a sign is a syntax error */
	} else {
		v = digits(s, 10, &overflow);
		if (at(s, 0, '.') || at(s, 0, 'e') || at(s, 0, 'E')) {
			/* A float: libconfig reads those as doubles, no wrap. */
			while (s->p < s->end &&
			       (isdigit((unsigned char)*s->p) || *s->p == '.' ||
				*s->p == 'e' || *s->p == 'E' ||
				((*s->p == '-' || *s->p == '+') &&
				 (s->p[-1] == 'e' || s->p[-1] == 'E'))))
				s->p++;
			return;
		}
	}
	wide = at(s, 0, 'L');
	while (at(s, 0, 'L'))
		s->p++;
	limit = wide ? (uint64_t)INT64_MAX : (uint64_t)INT32_MAX;
	if (overflow || v > limit + (neg ? 1 : 0))
		report_range(s, start);
}

size_t vg_literal_scan(const char *text, size_t len, const char *file,
		       struct vg_diag *diag)
{
	struct scan s = { .p = text, .end = text + len, .line = 1,
			  .file = file, .diag = diag };
	bool line_start = true;

	while (s.p < s.end) {
		char c = *s.p;

		if (c == '\n') {
			s.line++;
			s.p++;
			line_start = true;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r') {
			s.p++;
			continue;
		}
		if (c == '\0') {
			vg_diag_add(diag, file, s.line, "file contains a NUL byte");
			return s.problems + 1;
		}
		if (c == '@' && line_start) {
			vg_diag_add(diag, file, s.line,
				    "directives such as @include are not supported: the policy is one file");
			s.problems++;
			skip_to_eol(&s);
		} else if (c == '#' || (c == '/' && at(&s, 1, '/'))) {
			skip_to_eol(&s);
		} else if (c == '/' && at(&s, 1, '*')) {
			skip_block_comment(&s);
		} else if (c == '"') {
			skip_string(&s);
		} else if (is_name_start(c)) {
			while (s.p < s.end && is_name_char(*s.p))
				s.p++;
		} else if (isdigit((unsigned char)c) ||
			   ((c == '-' || c == '+') && s.p + 1 < s.end &&
			    isdigit((unsigned char)s.p[1]))) {
			scan_number(&s);
		} else {
			s.p++;
		}
		line_start = false;
	}
	return s.problems;
}
