/* SPDX-License-Identifier: BSD-3-Clause */
#include "sig_set.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* A literal as a regular expression that matches exactly its bytes, so
 * that literals and expressions share one database. NULL when out of
 * memory. */
static char *literal_expression(const uint8_t *bytes, size_t len)
{
	char *e = malloc(len * 4 + 1);

	if (!e)
		return NULL;
	for (size_t i = 0; i < len; i++)
		snprintf(e + i * 4, 5, "\\x%02x", bytes[i]);
	return e;
}

int sig_set_compile(const struct sig_pattern *patterns, unsigned n, hs_database_t **db,
		    int *bad, char *err, size_t size)
{
	char **owned = calloc(n, sizeof(*owned));
	const char **exprs = calloc(n, sizeof(*exprs));
	unsigned *flags = calloc(n, sizeof(*flags));
	unsigned *ids = calloc(n, sizeof(*ids));
	hs_compile_error_t *e = NULL;
	int r = -ENOMEM;

	*db = NULL;
	*bad = -1;
	snprintf(err, size, "out of memory");
	if (hs_valid_platform() != HS_SUCCESS) {
		snprintf(err, size, "Hyperscan cannot run on this CPU (it needs SSSE3)");
		r = -ENOTSUP;
		goto out;
	}
	if (!owned || !exprs || !flags || !ids)
		goto out;
	for (unsigned i = 0; i < n; i++) {
		const struct sig_pattern *pt = &patterns[i];

		if (pt->regex) {
			exprs[i] = (const char *)pt->bytes;
		} else {
			owned[i] = literal_expression(pt->bytes, pt->len);
			if (!owned[i])
				goto out;
			exprs[i] = owned[i];
		}
		flags[i] = HS_FLAG_SINGLEMATCH | (pt->caseless ? HS_FLAG_CASELESS : 0);
		ids[i] = pt->id;
	}
	if (hs_compile_multi(exprs, flags, ids, n, HS_MODE_BLOCK, NULL, db, &e) !=
	    HS_SUCCESS) {
		snprintf(err, size, "%s", e ? e->message : "Hyperscan refused it");
		*bad = e ? e->expression : -1;
		hs_free_compile_error(e);
		*db = NULL;
		r = -EINVAL;
		goto out;
	}
	r = 0;
out:
	if (owned)
		for (unsigned i = 0; i < n; i++)
			free(owned[i]);
	free(owned);
	free(exprs);
	free(flags);
	free(ids);
	return r;
}

void sig_set_free(hs_database_t *db)
{
	hs_free_database(db);
}

int sig_scratch_fit(hs_scratch_t **scratch, const hs_database_t *db)
{
	return hs_alloc_scratch(db, scratch) == HS_SUCCESS ? 0 : -ENOMEM;
}

void sig_scratch_free(hs_scratch_t *scratch)
{
	hs_free_scratch(scratch);
}

struct scan_arg {
	sig_match_fn *on_match;
	void *arg;
};

static int on_hs_match(unsigned id, unsigned long long from, unsigned long long to,
		       unsigned flags, void *ctx)
{
	const struct scan_arg *a = ctx;

	(void)from;
	(void)to;
	(void)flags;
	return a->on_match(id, a->arg);
}

int sig_set_scan(const hs_database_t *db, hs_scratch_t *scratch, const uint8_t *data,
		 uint32_t len, sig_match_fn *on_match, void *arg)
{
	struct scan_arg a = { .on_match = on_match, .arg = arg };
	hs_error_t r = hs_scan(db, (const char *)data, len, 0, scratch, on_hs_match, &a);

	if (r == HS_SUCCESS)
		return 0;
	return r == HS_SCAN_TERMINATED ? 1 : -EIO;
}
