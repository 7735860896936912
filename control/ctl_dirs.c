/* SPDX-License-Identifier: BSD-3-Clause */
#include "ctl_dirs.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>

int ctl_make_dirs(const char *path, mode_t mode)
{
	char buf[PATH_MAX];
	int n = snprintf(buf, sizeof(buf), "%s", path);

	if (n < 0 || (size_t)n >= sizeof(buf))
		return -ENAMETOOLONG;
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return mkdir(buf, mode) < 0 && errno != EEXIST ? -errno : 0;
}

int ctl_make_runtime_dir(const char *path)
{
	struct stat st;
	int r;

	if (stat(path, &st) == 0)
		return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
	if ((r = ctl_make_dirs(path, 0711)) < 0)
		return r;
	/* mkdir's mode went through the umask (077 in the daemons). */
	return chmod(path, 0711) < 0 ? -errno : 0;
}
