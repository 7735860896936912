/* SPDX-License-Identifier: BSD-3-Clause */
/* Verifying a log: every entry well formed and hashing to what it says,
 * numbered from 1 without gaps, each linked to the one before it, and the
 * head naming the last. Stops at the first problem and says what it is. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "audit_local.h"

/* The chain as read so far. */
struct chain {
	uint64_t next_seq;                         /* the entry expected next */
	char hash[VG_AUDIT_HASH_HEX + 1];          /* of the last entry */
	char last_prev[VG_AUDIT_HASH_HEX + 1];     /* the last entry's prev */
};

/* Checks one line and links it to the chain. 0, or -EBADMSG with the
 * problem in rep. */
static int check_line(struct chain *c, const char *line, size_t len,
		      uint64_t lineno, struct vg_audit_report *rep)
{
	unsigned long long n = lineno, seq;
	struct audit_line l;

	if (len == 0) {
		snprintf(rep->problem, sizeof(rep->problem), "line %llu: empty line", n);
		return -EBADMSG;
	}
	if (audit_entry_parse(line, len, lineno, &l, rep->problem) < 0)
		return -EBADMSG;
	seq = l.e.seq;
	/* The hash first: any changed byte of a well-formed line shows here. */
	if (!audit_entry_hash_matches(line, len, &l)) {
		snprintf(rep->problem, sizeof(rep->problem),
			 "entry %llu (line %llu): hash does not match its content", seq, n);
		return -EBADMSG;
	}
	if (audit_entry_check_values(&l, lineno, rep->problem) < 0)
		return -EBADMSG;
	if (seq != c->next_seq) {
		if (c->next_seq == 1)
			snprintf(rep->problem, sizeof(rep->problem),
				 "entry %llu (line %llu) comes first, not entry 1: "
				 "entries missing or reordered", seq, n);
		else
			snprintf(rep->problem, sizeof(rep->problem),
				 "entry %llu (line %llu) follows entry %llu: "
				 "entries missing or reordered", seq, n,
				 (unsigned long long)c->next_seq - 1);
		return -EBADMSG;
	}
	if (strcmp(l.e.prev, c->hash) != 0) {
		if (seq == 1)
			snprintf(rep->problem, sizeof(rep->problem),
				 "entry 1 (line %llu): prev is not all zeros", n);
		else
			snprintf(rep->problem, sizeof(rep->problem),
				 "entry %llu (line %llu): prev does not match the hash of "
				 "entry %llu: an entry was replaced", seq, n, seq - 1);
		return -EBADMSG;
	}
	memcpy(c->last_prev, l.e.prev, sizeof(c->last_prev));
	memcpy(c->hash, l.e.hash, sizeof(c->hash));
	c->next_seq++;
	return 0;
}

/* Compares the head with the end of the chain. */
static int check_head(const char *path, const struct chain *c,
		      struct vg_audit_report *rep)
{
	unsigned long long last = c->next_seq - 1;
	struct audit_head h;
	int ret = audit_head_read(path, &h);

	if (ret == -EBADMSG) {
		snprintf(rep->problem, sizeof(rep->problem),
			 "the head file is damaged (it must hold 'SEQ HASH')");
		return ret;
	}
	if (ret < 0 && ret != -ENOENT) {
		snprintf(rep->problem, sizeof(rep->problem),
			 "cannot read the head file: %s", strerror(-ret));
		return ret;
	}
	rep->head_seq = h.seq;
	if (h.seq == last && strcmp(h.hash, c->hash) == 0)
		return 0;
	/* An append that stopped between its two writes: accepted, and the
	 * next append moves the head. */
	if (h.seq + 1 == last && strcmp(h.hash, c->last_prev) == 0) {
		rep->head_behind = true;
		return 0;
	}
	if (ret == -ENOENT)
		snprintf(rep->problem, sizeof(rep->problem),
			 "the log continues to entry %llu but has no head file: "
			 "the head was deleted", last);
	else if (h.seq > last && last == 0)
		snprintf(rep->problem, sizeof(rep->problem),
			 "the log is empty but its head says %llu: entries deleted",
			 (unsigned long long)h.seq);
	else if (h.seq > last)
		snprintf(rep->problem, sizeof(rep->problem),
			 "the log ends at entry %llu but its head says %llu: "
			 "entries deleted from the end", last, (unsigned long long)h.seq);
	else if (h.seq == last)
		snprintf(rep->problem, sizeof(rep->problem),
			 "the head says entry %llu has hash %.12s..., the log's has "
			 "%.12s...: the last entry was replaced", last, h.hash, c->hash);
	else
		snprintf(rep->problem, sizeof(rep->problem),
			 "the log continues to entry %llu but its head says %llu: "
			 "entries added past the head, or the head replaced", last,
			 (unsigned long long)h.seq);
	return -EBADMSG;
}

int vg_audit_verify(const char *path, struct vg_audit_report *rep)
{
	struct chain c = { .next_seq = 1 };
	struct audit_lines *r;
	size_t len;
	int ret;

	memset(rep, 0, sizeof(*rep));
	memcpy(c.hash, audit_zero_hash, sizeof(c.hash));
	memcpy(c.last_prev, audit_zero_hash, sizeof(c.last_prev));
	r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(rep->problem, sizeof(rep->problem), "out of memory");
		return -ENOMEM;
	}
	/* The shared lock keeps appenders out until the head is read too. */
	r->f = audit_open_locked(path);
	if (!r->f) {
		ret = -errno;
		snprintf(rep->problem, sizeof(rep->problem), "cannot read: %s",
			 strerror(-ret));
		free(r);
		return ret;
	}
	while ((ret = audit_lines_next(r, &len, rep->problem)) > 0) {
		ret = check_line(&c, r->buf, len, r->lineno, rep);
		if (ret < 0)
			break;
		rep->entries++;
	}
	if (ret == 0)
		ret = check_head(path, &c, rep);
	fclose(r->f);
	free(r);
	return ret;
}
