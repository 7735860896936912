/* SPDX-License-Identifier: BSD-3-Clause */
/* The log's files on disk: opening under the lock, whole writes, and
 * making new names durable. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit_local.h"

FILE *audit_open_locked(const char *log)
{
	struct stat st;
	FILE *f = NULL;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	int err = 0, fd = open(log, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0)
		err = errno;
	else if (!S_ISREG(st.st_mode))
		err = EINVAL;       /* a FIFO or device would block or never end */
	while (!err && flock(fd, LOCK_SH) < 0)
		if (errno != EINTR)
			err = errno;
	if (!err) {
		f = fdopen(fd, "r");
		if (!f)
			err = errno;
	}
	if (!f) {
		close(fd);
		errno = err;
	}
	return f;
}

int audit_write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
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

int audit_sync_dir(const char *file)
{
	char copy[PATH_MAX];
	int fd, ret = 0;

	if (snprintf(copy, sizeof(copy), "%s", file) >= (int)sizeof(copy))
		return -ENAMETOOLONG;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fsync(fd) < 0)
		ret = -errno;
	close(fd);
	return ret;
}
