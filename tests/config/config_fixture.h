/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_CONFIG_FIXTURE_H
#define VG_CONFIG_FIXTURE_H

/* Helpers for tests that feed policy text to the loader. Texts are named
 * "test.conf" in messages. */

#include "cunit_runner.h"
#include "vg_config.h"

/* A gateway section on one line: texts that add to it start at line 2. */
#define GW "gateway = { name = \"gw\"; control_ipv4 = \"10.0.0.1/24\"; };\n"

/* Loads text; the caller frees both (vg_config_free, vg_diag_free). */
const struct vg_config *load_text(const char *text, struct vg_diag **diag);

/* Asserts text is refused with exactly one problem: line and message. */
#define EXPECT_ERROR(text, line, message) \
	expect_error_at(__FILE__, __LINE__, text, line, message)
void expect_error_at(const char *file, unsigned at, const char *text,
		     unsigned line, const char *message);

/* Asserts text is refused and that one of its problems is line: message. */
#define EXPECT_ERROR_AMONG(text, line, message) \
	expect_error_among_at(__FILE__, __LINE__, text, line, message)
void expect_error_among_at(const char *file, unsigned at, const char *text,
			   unsigned line, const char *message);

/* Asserts text loads; returns the config (caller frees). */
#define EXPECT_VALID(text) expect_valid_at(__FILE__, __LINE__, text)
const struct vg_config *expect_valid_at(const char *file, unsigned at,
					const char *text);

#endif
