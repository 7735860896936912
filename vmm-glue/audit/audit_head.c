/* SPDX-License-Identifier: BSD-3-Clause */
/* The head file (LOG.head): "SEQ HASH" of the log's last entry, replaced
 * atomically after each append. It is what makes deleting the newest
 * entries visible: a chain cut short is still a valid chain. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit_local.h"

#define HEAD_MAX 96   /* 20 digits, a space, 64 hex, a newline */

int audit_head_path(const char *log, char *out, size_t size)
{
	int n = snprintf(out, size, "%s.head", log);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* Parses "SEQ HASH\n" and nothing else. */
static int parse_head(const char *text, size_t len, struct audit_head *h)
{
	uint64_t seq = 0;
	size_t i = 0;

	for (; i < len && text[i] >= '0' && text[i] <= '9' && i < 20; i++) {
		if (seq > (UINT64_MAX - 9) / 10)
			return -EBADMSG;
		seq = seq * 10 + (uint64_t)(text[i] - '0');
	}
	if (i == 0 || len != i + 1 + VG_AUDIT_HASH_HEX + 1 || text[i] != ' ' ||
	    text[len - 1] != '\n')
		return -EBADMSG;
	memcpy(h->hash, text + i + 1, VG_AUDIT_HASH_HEX);
	h->hash[VG_AUDIT_HASH_HEX] = '\0';
	if (!audit_hash_valid(h->hash))
		return -EBADMSG;
	h->seq = seq;
	return 0;
}

int audit_head_read(const char *log, struct audit_head *h)
{
	char path[PATH_MAX], text[HEAD_MAX + 1];
	ssize_t n;
	int fd, ret;

	h->seq = 0;
	memcpy(h->hash, audit_zero_hash, sizeof(h->hash));
	ret = audit_head_path(log, path, sizeof(path));
	if (ret < 0)
		return ret;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	do
		n = read(fd, text, sizeof(text));
	while (n < 0 && errno == EINTR);
	ret = n < 0 ? -errno : 0;
	close(fd);
	if (ret < 0)
		return ret;
	if (parse_head(text, (size_t)n, h) < 0) {
		h->seq = 0;
		memcpy(h->hash, audit_zero_hash, sizeof(h->hash));
		return -EBADMSG;
	}
	return 0;
}

int audit_head_write(const char *log, const struct audit_head *h)
{
	char path[PATH_MAX], tmp[PATH_MAX + 4], text[HEAD_MAX + 1];
	int fd, ret, len;

	ret = audit_head_path(log, path, sizeof(path));
	if (ret < 0)
		return ret;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	len = snprintf(text, sizeof(text), "%llu %s\n", (unsigned long long)h->seq,
		       h->hash);
	/* Writers hold the log's lock, so one temporary name is enough. */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0640);
	if (fd < 0)
		return -errno;
	ret = audit_write_all(fd, text, (size_t)len);
	if (ret == 0 && fsync(fd) < 0)
		ret = -errno;
	close(fd);
	if (ret == 0 && rename(tmp, path) < 0)
		ret = -errno;
	if (ret < 0) {
		unlink(tmp);
		return ret;
	}
	return audit_sync_dir(path);
}
