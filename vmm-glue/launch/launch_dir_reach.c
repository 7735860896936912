/* SPDX-License-Identifier: BSD-3-Clause */
/* Whether QEMU's user can reach its launch directory: QEMU connects to the
 * TPM socket in it by path, so every directory on the way must let that
 * user pass. Checked before QEMU starts, so that a runtime directory made
 * 0700 gives one clear message instead of QEMU's "cannot connect". */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "launch.h"

/* Whether uid/gid (QEMU has no supplementary groups) may search st. */
static bool may_search(const struct stat *st, uid_t uid, gid_t gid)
{
	if (uid == 0)
		return true;
	if (st->st_uid == uid)
		return st->st_mode & S_IXUSR;
	if (st->st_gid == gid)
		return st->st_mode & S_IXGRP;
	return st->st_mode & S_IXOTH;
}

/* One directory on the way: 0, or a negative errno (reported). */
static int check_one(const char *path, uid_t uid, gid_t gid)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		LAUNCH_LOG("cannot check %s: %s", path, strerror(errno));
		return -errno;
	}
	if (may_search(&st, uid, gid))
		return 0;
	LAUNCH_LOG("QEMU's user (uid %u, gid %u) cannot enter %s (mode %04o, owner %u:%u) "
		   "on the way to its TPM socket: the runtime directory and its parents "
		   "must let it pass (0711 will do)", (unsigned)uid, (unsigned)gid, path,
		   (unsigned)(st.st_mode & 07777), (unsigned)st.st_uid, (unsigned)st.st_gid);
	return -EACCES;
}

int launch_dir_reachable(const char *dir, uid_t uid, gid_t gid)
{
	char path[PATH_MAX];
	size_t n = strlen(dir);
	int r = check_one("/", uid, gid);

	if (dir[0] != '/' || n >= sizeof(path))
		return -EINVAL;
	/* Every prefix that ends before a '/', then the whole path. */
	for (size_t i = 1; r == 0 && i <= n; i++) {
		if (i < n && dir[i] != '/')
			continue;
		memcpy(path, dir, i);
		path[i] = '\0';
		r = check_one(path, uid, gid);
	}
	return r;
}
