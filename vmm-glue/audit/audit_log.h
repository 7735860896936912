/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_AUDIT_LOG_H
#define VG_AUDIT_LOG_H

/*
 * The audit log: an append-only file of one JSON object per line, each entry
 * chained to the one before it by SHA-256, plus a head file (FILE.head) that
 * records the sequence number and hash of the last entry. docs/audit.md
 * describes the format and what verification can and cannot detect.
 *
 * Any process may append (an advisory lock serialises writers). Every
 * function returns 0 on success or a negative errno:
 *   -EINVAL   an argument is unusable (empty actor or action, bad path)
 *   -EBADMSG  the log or its head is damaged; appending refuses to extend
 *             a chain whose last entry or head does not check out
 *   others    from the system calls (-ENOENT, -EACCES, -ENOSPC, ...)
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bounds on field values, in bytes of UTF-8 before JSON escaping. Longer
 * values are cut at a character boundary and end in "...". */
#define VG_AUDIT_NAME_MAX 128      /* actor, action, target */
#define VG_AUDIT_DETAIL_MAX 1024
/* No line a writer produces comes near this; readers refuse longer ones. */
#define VG_AUDIT_LINE_MAX 16384
#define VG_AUDIT_TIME_LEN 24       /* 2024-05-01T12:34:56.789Z */
#define VG_AUDIT_HASH_HEX 64       /* SHA-256 in lowercase hex */

enum vg_audit_result { VG_AUDIT_OK, VG_AUDIT_REFUSED, VG_AUDIT_FAILED };

struct vg_audit_entry {
	uint64_t seq;                               /* from 1 */
	char time[VG_AUDIT_TIME_LEN + 1];           /* UTC, RFC 3339, ms */
	char actor[VG_AUDIT_NAME_MAX + 1];          /* operator or process */
	char action[VG_AUDIT_NAME_MAX + 1];         /* "guest.start", "auth" */
	char target[VG_AUDIT_NAME_MAX + 1];         /* what it acted on */
	enum vg_audit_result result;
	char detail[VG_AUDIT_DETAIL_MAX + 1];
	char prev[VG_AUDIT_HASH_HEX + 1];           /* hash of the entry before */
	char hash[VG_AUDIT_HASH_HEX + 1];           /* of this entry's content */
};

/* "ok", "refused", "failed". */
const char *vg_audit_result_name(enum vg_audit_result r);
/* The result named s; 0, or -EINVAL for anything else. */
int vg_audit_result_parse(const char *s, enum vg_audit_result *out);

/* Appends one entry to the log at path (created mode 0640 when missing) and
 * moves its head forward; the entry is on disk (fsync) when this returns 0.
 * actor and action must be non-empty; target and detail may be empty or
 * NULL. Values are untrusted: they are bounded, made valid UTF-8 and
 * escaped. out, when not NULL, receives the entry as written. */
int vg_audit_append(const char *path, const char *actor, const char *action,
		    const char *target, enum vg_audit_result result,
		    const char *detail, struct vg_audit_entry *out);

/* Calls fn for each entry of the log in order, parsed but not verified
 * (vg_audit_verify does that), until fn returns non-zero (returned as is).
 * -EBADMSG on a line that is not a well-formed entry; *bad_line (when not
 * NULL) then holds its number, else 0. */
int vg_audit_read(const char *path,
		  int (*fn)(const struct vg_audit_entry *e, void *arg), void *arg,
		  uint64_t *bad_line);

/* The outcome of vg_audit_verify. */
struct vg_audit_report {
	uint64_t entries;        /* entries read that passed every check */
	uint64_t head_seq;       /* what the head says (0: no head) */
	bool head_behind;        /* the head names the entry before the last:
				  * an append stopped between its two writes */
	char problem[256];       /* the first problem found, "" when none */
};

/* Checks the whole log at path and its head: every line a well-formed
 * entry, each hash over its entry's bytes, sequence numbers from 1 without
 * gaps, each prev equal to the hash before it, and the head naming the last
 * entry. Returns 0 when all holds, -EBADMSG at the first problem (described
 * in report->problem), another negative errno when the files cannot be
 * read (also described). */
int vg_audit_verify(const char *path, struct vg_audit_report *report);

#endif
