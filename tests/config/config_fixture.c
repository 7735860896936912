/* SPDX-License-Identifier: BSD-3-Clause */
#include "config_fixture.h"

#include <stdio.h>
#include <string.h>

const struct vg_config *load_text(const char *text, struct vg_diag **diag)
{
	*diag = vg_diag_new();
	CU_ASSERT_PTR_NOT_NULL_FATAL(*diag);
	return vg_config_load_string(text, strlen(text), "test.conf", *diag);
}

static void check(bool ok, const char *file, unsigned at, const char *what)
{
	CU_assertImplementation(ok, at, what, file, "", CU_FALSE);
}

static void show(const struct vg_diag *diag)
{
	fprintf(stderr, "\n  problems reported:\n");
	for (size_t i = 0; vg_diag_get(diag, i); i++)
		fprintf(stderr, "    %u: %s\n", vg_diag_get(diag, i)->line,
			vg_diag_get(diag, i)->message);
}

void expect_error_at(const char *file, unsigned at, const char *text,
		     unsigned line, const char *message)
{
	struct vg_diag *diag;
	const struct vg_config *cfg = load_text(text, &diag);
	const struct vg_diag_entry *e = vg_diag_get(diag, 0);
	bool ok = !cfg && vg_diag_count(diag) == 1 && e && e->line == line &&
		  strcmp(e->message, message) == 0 &&
		  strcmp(e->file, "test.conf") == 0;

	if (!ok) {
		fprintf(stderr, "\n  expected %u: %s", line, message);
		show(diag);
	}
	check(ok, file, at, message);
	vg_config_free(cfg);
	vg_diag_free(diag);
}

void expect_error_among_at(const char *file, unsigned at, const char *text,
			   unsigned line, const char *message)
{
	struct vg_diag *diag;
	const struct vg_config *cfg = load_text(text, &diag);
	bool found = false;

	for (size_t i = 0; vg_diag_get(diag, i); i++) {
		const struct vg_diag_entry *e = vg_diag_get(diag, i);

		found |= e->line == line && strcmp(e->message, message) == 0;
	}
	if (cfg || !found) {
		fprintf(stderr, "\n  expected among them %u: %s", line, message);
		show(diag);
	}
	check(!cfg && found, file, at, message);
	vg_config_free(cfg);
	vg_diag_free(diag);
}

const struct vg_config *expect_valid_at(const char *file, unsigned at,
					const char *text)
{
	struct vg_diag *diag;
	const struct vg_config *cfg = load_text(text, &diag);

	if (!cfg)
		show(diag);
	check(cfg != NULL && vg_diag_count(diag) == 0, file, at, "policy loads");
	vg_diag_free(diag);
	return cfg;
}
