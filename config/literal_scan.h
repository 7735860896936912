/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_LITERAL_SCAN_H
#define VG_LITERAL_SCAN_H

/*
 * A lexical pass over the raw policy text, before libconfig reads it, for
 * what libconfig gets silently wrong: integer literals that do not fit its
 * types (it wraps 4294967319 to 23), @include (the policy is one file) and
 * NUL bytes. Returns the number of problems added to diag.
 */

#include <stddef.h>

struct vg_diag;

size_t vg_literal_scan(const char *text, size_t len, const char *file,
		       struct vg_diag *diag);

#endif
