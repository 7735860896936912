/* SPDX-License-Identifier: BSD-3-Clause */
#include "netns.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define NETNS_RUN_DIR "/var/run/netns"

int netns_enter(const char *name)
{
	char path[PATH_MAX];
	int fd, rc = 0;

	/* The name picks a file under NETNS_RUN_DIR, nothing else. */
	if (!*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		return -EINVAL;
	if (snprintf(path, sizeof(path), NETNS_RUN_DIR "/%s", name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (setns(fd, CLONE_NEWNET) < 0)
		rc = -errno;
	close(fd);
	return rc;
}
