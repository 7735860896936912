/* SPDX-License-Identifier: BSD-3-Clause */
/* Reading a log line by line, each line bounded: the file may be anything,
 * a huge line without a newline included. */
#include <errno.h>
#include <string.h>

#include "audit_local.h"

int audit_lines_next(struct audit_lines *r, size_t *len,
		     char problem[AUDIT_PROBLEM_MAX])
{
	size_t n = 0;
	int c;

	while ((c = getc_unlocked(r->f)) != EOF && c != '\n') {
		if (n == VG_AUDIT_LINE_MAX) {
			r->lineno++;
			snprintf(problem, AUDIT_PROBLEM_MAX,
				 "line %llu: longer than %d bytes",
				 (unsigned long long)r->lineno, VG_AUDIT_LINE_MAX);
			return -EBADMSG;
		}
		r->buf[n++] = (char)c;
	}
	if (ferror(r->f)) {
		r->lineno++;
		snprintf(problem, AUDIT_PROBLEM_MAX, "line %llu: cannot read: %s",
			 (unsigned long long)r->lineno, strerror(errno));
		return -EIO;
	}
	if (c == EOF && n == 0)
		return 0;
	r->lineno++;
	r->buf[n] = '\0';
	*len = n;
	if (c == EOF) {
		snprintf(problem, AUDIT_PROBLEM_MAX,
			 "line %llu: no newline at its end: an append was cut short",
			 (unsigned long long)r->lineno);
		return -EBADMSG;
	}
	return 1;
}
