/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_AUDIT_LOCAL_H
#define VG_AUDIT_LOCAL_H

/* Internal to the audit library: the entry's line format, the head file
 * and the bounded line reader. Same return convention as audit_log.h. */

#include <stdio.h>

#include "audit_log.h"

/* A line ends in exactly this, the hash hex and "\"}": the entry's content
 * (what the hash covers) is the line before it, closed with "}". */
#define AUDIT_HASH_KEY ",\"hash\":\""
#define AUDIT_HASH_SUFFIX_LEN (sizeof(AUDIT_HASH_KEY) - 1 + VG_AUDIT_HASH_HEX + 2)
#define AUDIT_PROBLEM_MAX 256

extern const char audit_zero_hash[VG_AUDIT_HASH_HEX + 1];

/* One line as parsed, before its values are checked: result is kept as
 * written so that a damaged value shows as a hash mismatch first. */
struct audit_line {
	struct vg_audit_entry e;       /* e.result unset until checked */
	char result[16];
};

/* Copies the untrusted string in (NULL: empty) into out (max + 1 bytes) as
 * valid UTF-8 of at most max bytes: invalid bytes become U+FFFD, a longer
 * value is cut at a character boundary and ends in "...". */
void audit_field_copy(char *out, size_t max, const char *in);
/* The current UTC time as 2024-05-01T12:34:56.789Z. 0 or -errno. */
int audit_time_now(char out[VG_AUDIT_TIME_LEN + 1]);
/* Whether s is a time in exactly that form. */
bool audit_time_valid(const char *s);
/* Whether s is exactly 64 lowercase hex digits. */
bool audit_hash_valid(const char *s);

/* Hex SHA-256 of content[0..len) followed by "}": an entry's hash, where
 * content is its line up to AUDIT_HASH_KEY. 0 or -EIO. */
int audit_content_hash(const char *content, size_t len,
		       char out[VG_AUDIT_HASH_HEX + 1]);

/* Fills e->hash and writes e's line, with its newline, into line (size
 * bytes); *len is its length. e's strings must already be bounded (as
 * audit_field_copy leaves them). 0, -ENOMEM or -E2BIG. */
int audit_entry_format(struct vg_audit_entry *e, char *line, size_t size,
		       size_t *len);

/* Parses one line (without its newline) into out: JSON, the fields in
 * order, their types and bounds. 0, or -EBADMSG with problem set
 * ("line N: ..."). */
int audit_entry_parse(const char *line, size_t len, uint64_t lineno,
		      struct audit_line *out, char problem[AUDIT_PROBLEM_MAX]);
/* Whether the hash written in a parsed line matches its content. */
bool audit_entry_hash_matches(const char *line, size_t len,
			      const struct audit_line *l);
/* Checks the values of a parsed line (time, result) and sets l->e.result.
 * 0, or -EBADMSG with problem set ("entry S (line N): ..."). */
int audit_entry_check_values(struct audit_line *l, uint64_t lineno,
			     char problem[AUDIT_PROBLEM_MAX]);

/* The head: the sequence number and hash of the log's last entry. */
struct audit_head {
	uint64_t seq;                            /* 0: no entries */
	char hash[VG_AUDIT_HASH_HEX + 1];
};
/* log's head file name ("LOG.head") into out. 0 or -ENAMETOOLONG. */
int audit_head_path(const char *log, char *out, size_t size);
/* Reads the head of log. 0; -ENOENT when there is none (h says seq 0);
 * -EBADMSG when it is not "SEQ HASH\n". */
int audit_head_read(const char *log, struct audit_head *h);
/* Replaces the head of log atomically (temporary file, fsync, rename,
 * fsync of the directory). Callers hold the log's lock. */
int audit_head_write(const char *log, const struct audit_head *h);

/* fsync of the directory holding file, so that a new or renamed name in
 * it is on disk. 0 or -errno. */
int audit_sync_dir(const char *file);
/* Writes all of buf to fd. 0 or -errno. */
int audit_write_all(int fd, const char *buf, size_t len);

/* Reads a log line by line, each at most VG_AUDIT_LINE_MAX bytes. */
struct audit_lines {
	FILE *f;
	uint64_t lineno;                         /* of the last line read or
						  * refused */
	char buf[VG_AUDIT_LINE_MAX + 1];
};
/* The next line into r->buf (NUL-terminated, without its newline; it may
 * hold NUL bytes, *len counts them). 1, 0 at the end, -EBADMSG with
 * problem set for a line too long or without its newline, or -EIO. */
int audit_lines_next(struct audit_lines *r, size_t *len,
		     char problem[AUDIT_PROBLEM_MAX]);

/* Opens log for reading under a shared lock: writers finish first.
 * Returns the stream, or NULL with errno set. */
FILE *audit_open_locked(const char *log);

#endif
