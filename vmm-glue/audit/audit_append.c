/* SPDX-License-Identifier: BSD-3-Clause */
/* Appending an entry: under an exclusive lock, read the last entry and
 * the head, check that they agree, write the new line with O_APPEND,
 * fsync, then move the head forward. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit_local.h"

/* The last entry of the log open as fd (size bytes), parsed and checked
 * against its own hash, into last (seq 0 and a zero hash when the log is
 * empty); buf holds VG_AUDIT_LINE_MAX + 2 bytes. -EBADMSG when the log
 * does not end in a whole, intact entry. */
static int read_last(int fd, off_t size, struct audit_line *last, char *buf)
{
	char problem[AUDIT_PROBLEM_MAX];
	size_t want, start, len;
	ssize_t n;

	memset(last, 0, sizeof(*last));
	memcpy(last->e.hash, audit_zero_hash, sizeof(last->e.hash));
	if (size == 0)
		return 0;
	/* The last line, its newline, and the newline before it. */
	want = (uint64_t)size < VG_AUDIT_LINE_MAX + 2 ? (size_t)size : VG_AUDIT_LINE_MAX + 2;
	do
		n = pread(fd, buf, want, size - (off_t)want);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if ((size_t)n != want || buf[want - 1] != '\n')
		return -EBADMSG;
	start = want - 1;
	while (start > 0 && buf[start - 1] != '\n')
		start--;
	if (start == 0 && (off_t)want < size)
		return -EBADMSG;
	len = want - 1 - start;
	if (audit_entry_parse(buf + start, len, 0, last, problem) < 0 ||
	    !audit_entry_hash_matches(buf + start, len, last) ||
	    audit_entry_check_values(last, 0, problem) < 0)
		return -EBADMSG;
	return 0;
}

/* Whether the head names the last entry, or the one before it with that
 * entry's prev (an earlier append stopped between its log and head
 * writes; this append brings the head up to date). */
static int head_agrees(const char *path, const struct audit_line *last)
{
	struct audit_head h;
	int ret = audit_head_read(path, &h);

	if (ret < 0 && ret != -ENOENT)
		return ret;
	if (h.seq == last->e.seq && strcmp(h.hash, last->e.hash) == 0)
		return 0;
	if (last->e.seq > 0 && h.seq + 1 == last->e.seq &&
	    strcmp(h.hash, last->e.prev) == 0)
		return 0;
	return -EBADMSG;
}

/* The new entry's fields from the caller's untrusted values. */
static int fill_entry(struct vg_audit_entry *e, const char *actor,
		      const char *action, const char *target,
		      enum vg_audit_result result, const char *detail)
{
	memset(e, 0, sizeof(*e));
	audit_field_copy(e->actor, VG_AUDIT_NAME_MAX, actor);
	audit_field_copy(e->action, VG_AUDIT_NAME_MAX, action);
	audit_field_copy(e->target, VG_AUDIT_NAME_MAX, target);
	audit_field_copy(e->detail, VG_AUDIT_DETAIL_MAX, detail);
	e->result = result;
	return audit_time_now(e->time);
}

/* Appends e's line to the locked log fd (size bytes before it), on disk
 * when it returns 0; a failed write is cut back off. */
static int write_entry(int fd, const char *path, off_t size, const char *line,
		       size_t len)
{
	int ret = audit_write_all(fd, line, len);

	if (ret < 0) {
		/* Never leave half a line: the chain would end there. Should
		 * even this fail, verify and the next append report the torn
		 * line. */
		int cut = ftruncate(fd, size);

		(void)cut;
		return ret;
	}
	if (fsync(fd) < 0)
		return -errno;
	return size == 0 ? audit_sync_dir(path) : 0;
}

int vg_audit_append(const char *path, const char *actor, const char *action,
		    const char *target, enum vg_audit_result result,
		    const char *detail, struct vg_audit_entry *out)
{
	struct audit_line last;
	struct vg_audit_entry e;
	struct audit_head head;
	struct stat st;
	char *buf;
	size_t len;
	int fd, ret;

	if (!path || !*path || !actor || !*actor || !action || !*action ||
	    (unsigned)result > VG_AUDIT_FAILED)
		return -EINVAL;
	ret = fill_entry(&e, actor, action, target, result, detail);
	if (ret < 0)
		return ret;
	buf = malloc(VG_AUDIT_LINE_MAX + 2);
	if (!buf)
		return -ENOMEM;
	fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0640);
	if (fd < 0) {
		free(buf);
		return -errno;
	}
	while ((ret = flock(fd, LOCK_EX)) < 0 && errno == EINTR)
		;
	/* The size only counts once the lock is held. */
	if (ret < 0 || fstat(fd, &st) < 0)
		ret = -errno;
	else if (!S_ISREG(st.st_mode))
		ret = -EINVAL;
	if (ret == 0)
		ret = read_last(fd, st.st_size, &last, buf);
	if (ret == 0)
		ret = head_agrees(path, &last);
	if (ret == 0) {
		e.seq = last.e.seq + 1;
		memcpy(e.prev, last.e.hash, sizeof(e.prev));
		ret = audit_entry_format(&e, buf, VG_AUDIT_LINE_MAX + 2, &len);
	}
	if (ret == 0)
		ret = write_entry(fd, path, st.st_size, buf, len);
	if (ret == 0) {
		head.seq = e.seq;
		memcpy(head.hash, e.hash, sizeof(head.hash));
		ret = audit_head_write(path, &head);
	}
	close(fd);
	free(buf);
	if (ret == 0 && out)
		*out = e;
	return ret;
}
