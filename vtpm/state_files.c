/* SPDX-License-Identifier: BSD-3-Clause */
/* Small state files: written whole to a temporary name and renamed, so a
 * crash leaves the old file or the new one, never half of one. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vtpmd.h"

static int path_of(char *buf, size_t size, const char *dir, const char *name)
{
	int n = snprintf(buf, size, "%s/%s", dir, name);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int state_write(const char *dir, const char *name, const void *data, size_t len)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	const uint8_t *p = data;
	int fd, r;

	if ((r = path_of(path, sizeof(path), dir, name)) < 0)
		return r;
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r = n < 0 ? -errno : -EIO;
			close(fd);
			unlink(tmp);
			return r;
		}
		p += n;
		len -= (size_t)n;
	}
	if (fsync(fd) < 0 || close(fd) < 0 || rename(tmp, path) < 0) {
		r = -errno;
		unlink(tmp);
		return r;
	}
	return 0;
}

long state_read(const char *dir, const char *name, void *data, size_t size)
{
	char path[PATH_MAX];
	struct stat st;
	size_t got = 0;
	int fd, r;

	if ((r = path_of(path, sizeof(path), dir, name)) < 0)
		return r;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		r = -errno;
	else if (!S_ISREG(st.st_mode))
		r = -EINVAL;
	else if ((size_t)st.st_size > size)
		r = -EFBIG;
	if (r < 0) {
		close(fd);
		return r;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, (uint8_t *)data + got, size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	return (long)got;
}

int state_wipe(const char *dir)
{
	DIR *dh = opendir(dir);
	struct dirent *e;
	int r = 0;

	if (!dh)
		return errno == ENOENT ? 0 : -errno;
	while ((e = readdir(dh)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (unlinkat(dirfd(dh), e->d_name, 0) < 0 && r == 0)
			r = -errno;
	}
	closedir(dh);
	if (rmdir(dir) < 0 && r == 0)
		r = -errno;
	return r;
}
