/* SPDX-License-Identifier: BSD-3-Clause */
/* Listing a log: each line parsed into an entry, in order, under a shared
 * lock. Checking the chain is vg_audit_verify's job. */
#include <errno.h>
#include <stdlib.h>

#include "audit_local.h"

int vg_audit_read(const char *path,
		  int (*fn)(const struct vg_audit_entry *e, void *arg), void *arg,
		  uint64_t *bad_line)
{
	char problem[AUDIT_PROBLEM_MAX];
	struct audit_lines *r;
	struct audit_line line;
	size_t len;
	int ret;

	if (bad_line)
		*bad_line = 0;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->f = audit_open_locked(path);
	if (!r->f) {
		ret = -errno;
		free(r);
		return ret;
	}
	while ((ret = audit_lines_next(r, &len, problem)) > 0) {
		ret = audit_entry_parse(r->buf, len, r->lineno, &line, problem);
		if (ret == 0)
			ret = audit_entry_check_values(&line, r->lineno, problem);
		if (ret != 0)
			break;
		ret = fn(&line.e, arg);
		if (ret != 0)
			goto out;
	}
	if (ret == -EBADMSG && bad_line)
		*bad_line = r->lineno;
out:
	fclose(r->f);
	free(r);
	return ret;
}
