/* SPDX-License-Identifier: BSD-3-Clause */
#include "audit_fixture.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void fixture_start(struct fixture *f)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(f->dir, sizeof(f->dir), "%s/vg-audit-XXXXXX",
		 tmp && *tmp && strlen(tmp) < 64 ? tmp : "/tmp");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(f->dir));
	snprintf(f->log, sizeof(f->log), "%s/audit.log", f->dir);
	snprintf(f->head, sizeof(f->head), "%s.head", f->log);
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void fixture_done(struct fixture *f)
{
	CU_ASSERT_EQUAL(nftw(f->dir, remove_one, 8, FTW_DEPTH | FTW_PHYS), 0);
}

void append_entries(const char *log, int n)
{
	for (int i = 0; i < n; i++) {
		char actor[32], target[32];

		snprintf(actor, sizeof(actor), "operator-%d", i);
		snprintf(target, sizeof(target), "guest-%d", i);
		CU_ASSERT_EQUAL_FATAL(vg_audit_append(log, actor, "guest.start", target,
						      VG_AUDIT_OK, "started", NULL), 0);
	}
}

char *file_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)size + 1))) {
		*len = fread(buf, 1, (size_t)size, f);
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

void file_write(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(fwrite(data, 1, len, f), len);
	CU_ASSERT_EQUAL(fclose(f), 0);
}

size_t line_at(const char *text, unsigned n, size_t *len)
{
	const char *p = text, *end;

	for (unsigned i = 1; i < n && p; i++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	CU_ASSERT_FATAL(p != NULL && *p != '\0');
	end = strchr(p, '\n');
	*len = end ? (size_t)(end - p) + 1 : strlen(p);
	return (size_t)(p - text);
}

void expect_problem_at(const char *file, unsigned at, const char *log,
		       const char *message, bool prefix)
{
	struct vg_audit_report rep;
	int ret = vg_audit_verify(log, &rep);
	bool ok = ret == -EBADMSG &&
		  (prefix ? strncmp(rep.problem, message, strlen(message)) == 0
			  : strcmp(rep.problem, message) == 0);

	if (!ok)
		fprintf(stderr, "\n  expected: %s\n  got (%d): %s\n", message, ret,
			rep.problem);
	CU_assertImplementation(ok, at, "verify reports the expected problem", file,
				"", CU_FALSE);
}

void expect_intact_at(const char *file, unsigned at, const char *log, uint64_t n)
{
	struct vg_audit_report rep;
	int ret = vg_audit_verify(log, &rep);
	bool ok = ret == 0 && rep.entries == n && rep.problem[0] == '\0';

	if (!ok)
		fprintf(stderr, "\n  expected %llu entries intact\n  got (%d) %llu: %s\n",
			(unsigned long long)n, ret, (unsigned long long)rep.entries,
			rep.problem);
	CU_assertImplementation(ok, at, "verify finds the log intact", file, "",
				CU_FALSE);
}
