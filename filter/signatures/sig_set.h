/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_SIG_SET_H
#define VG_SIG_SET_H

/*
 * A set of byte patterns searched for together, with Hyperscan: compiled
 * once (control thread) into a database, then scanned over buffers by any
 * thread with scratch space of its own. Patterns are literals (any bytes,
 * NUL included) or regular expressions (Hyperscan's PCRE subset), matched
 * case-sensitively unless caseless; each reports at most once per scan
 * (HS_FLAG_SINGLEMATCH), under the id its caller gave it. Knows bytes and
 * ids, not frames, rules or policies.
 *
 * Functions return 0 or a negative errno unless they say otherwise.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hs/hs.h>

struct sig_pattern {
	const uint8_t *bytes;         /* regex: the expression, NUL-terminated */
	size_t len;                   /* at least 1, without the NUL */
	bool regex;
	bool caseless;
	unsigned id;                  /* reported to the match handler */
};

/* Compiles n patterns (n >= 1) into *db. On failure, -EINVAL with the
 * index (into patterns) of the one Hyperscan refused in *bad (or -1 when
 * it names none) and its reason in err; -ENOTSUP when this CPU cannot run
 * Hyperscan (it needs SSSE3). */
int sig_set_compile(const struct sig_pattern *patterns, unsigned n, hs_database_t **db,
		    int *bad, char *err, size_t size);
void sig_set_free(hs_database_t *db);

/* Grows *scratch (NULL: a new one) to serve db as well as the databases it
 * served. Allocates: never on the packet path. */
int sig_scratch_fit(hs_scratch_t **scratch, const hs_database_t *db);
void sig_scratch_free(hs_scratch_t *scratch);

/* The handler of a match: the pattern's id; nonzero stops the scan. */
typedef int sig_match_fn(unsigned id, void *arg);

/* Scans len bytes of data with db, calling on_match for each pattern found
 * (once each). 0 when the scan ran to the end, 1 when on_match stopped it,
 * -EIO when Hyperscan failed (a scratch that does not fit db). Does not
 * allocate. */
int sig_set_scan(const hs_database_t *db, hs_scratch_t *scratch, const uint8_t *data,
		 uint32_t len, sig_match_fn *on_match, void *arg);

#endif
