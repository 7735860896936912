/* SPDX-License-Identifier: BSD-3-Clause */
/* The event log as a file: what a launcher appends to as it measures, and
 * what an agent reads to send. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "evlog.h"

int evlog_file_read(const char *path, struct evlog *out)
{
	uint8_t buf[EVLOG_BYTES_MAX + 1];
	size_t len = 0;
	ssize_t n;
	int fd;

	if (!path || !out)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* One byte more than the longest log: a longer file shows as such. */
	while (len < sizeof(buf)) {
		n = read(fd, buf + len, sizeof(buf) - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int r = -errno;

			close(fd);
			return r;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (len > EVLOG_BYTES_MAX)
		return -EBADMSG;
	return evlog_parse(buf, len, out);
}

/* Writes len bytes to fd: 0 or a negative errno. */
static int write_all(int fd, const uint8_t *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Replaces the file at path with buf, through a file beside it renamed
 * over it once complete. */
static int replace_file(const char *path, const uint8_t *buf, size_t len)
{
	char tmp[PATH_MAX];
	int fd, r;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= sizeof(tmp))
		return -ENAMETOOLONG;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = fchmod(fd, 0644) < 0 ? -errno : 0;
	if (r == 0)
		r = write_all(fd, buf, len);
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0)
		unlink(tmp);
	return r;
}

int evlog_file_append(const char *path, unsigned pcr, unsigned part,
		      const uint8_t digest[EVLOG_DIGEST_LEN])
{
	uint8_t buf[EVLOG_BYTES_MAX];
	struct evlog log;
	int r, len;

	if (!path || !digest)
		return -EINVAL;
	r = evlog_file_read(path, &log);
	if (r == -ENOENT)
		evlog_init(&log);
	else if (r < 0)
		return r;
	r = evlog_append(&log, pcr, part, digest);
	if (r < 0)
		return r;
	len = evlog_encode(&log, buf, sizeof(buf));
	if (len < 0)
		return len;
	return replace_file(path, buf, (size_t)len);
}
