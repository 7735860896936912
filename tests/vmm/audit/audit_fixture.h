/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_AUDIT_FIXTURE_H
#define VG_AUDIT_FIXTURE_H

/* Helpers for the audit log's tests: a private directory per test, the log
 * file as text to damage, and checks of what verification says. */

#include <stddef.h>
#include <stdint.h>

#include "audit_log.h"
#include "cunit_runner.h"

/* A fresh directory under $TMPDIR (or /tmp) with the log path in it; the
 * test ends with fixture_done(). */
struct fixture {
	char dir[128];
	char log[160];
	char head[176];
};
void fixture_start(struct fixture *f);
void fixture_done(struct fixture *f);

/* Appends n entries "operator-N guest.start guest-N ok", asserting each. */
void append_entries(const char *log, int n);

/* The whole file (NUL-terminated; *len without it), or NULL; caller frees. */
char *file_read(const char *path, size_t *len);
/* Replaces the file's content. */
void file_write(const char *path, const char *data, size_t len);
/* The offset of line n (from 1) in text, and its length with the newline
 * in *len; asserts the line exists. */
size_t line_at(const char *text, unsigned n, size_t *len);

/* Asserts that verifying log fails with exactly message. */
#define EXPECT_PROBLEM(log, message) \
	expect_problem_at(__FILE__, __LINE__, log, message, false)
/* The same, where message need only start the problem. */
#define EXPECT_PROBLEM_PREFIX(log, message) \
	expect_problem_at(__FILE__, __LINE__, log, message, true)
void expect_problem_at(const char *file, unsigned at, const char *log,
		       const char *message, bool prefix);
/* Asserts that log verifies with n entries. */
#define EXPECT_INTACT(log, n) expect_intact_at(__FILE__, __LINE__, log, n)
void expect_intact_at(const char *file, unsigned at, const char *log, uint64_t n);

#endif
