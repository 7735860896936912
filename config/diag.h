/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_DIAG_H
#define VG_DIAG_H

/*
 * Diagnostics: the problems found in one policy file, each with the file,
 * the line (0 when no line applies, such as an unreadable file) and a
 * message, kept in the order they were found.
 */

#include <stddef.h>
#include <stdio.h>

struct vg_diag;

struct vg_diag_entry {
	const char *file;
	unsigned line;
	const char *message;
};

/* Returns an empty list, or NULL when out of memory. */
struct vg_diag *vg_diag_new(void);
void vg_diag_free(struct vg_diag *diag);

/* Appends one problem. Past VG_DIAG_MAX entries the rest are counted only. */
void vg_diag_add(struct vg_diag *diag, const char *file, unsigned line,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Number of problems recorded, including those past the cap. */
size_t vg_diag_count(const struct vg_diag *diag);
/* Entry i (i < stored entries) or NULL. */
const struct vg_diag_entry *vg_diag_get(const struct vg_diag *diag, size_t i);

/* Prints "FILE:LINE: message" lines, sorted by line, then a count of any
 * entries past the cap. */
void vg_diag_print(const struct vg_diag *diag, FILE *out);

#define VG_DIAG_MAX 200

#endif
