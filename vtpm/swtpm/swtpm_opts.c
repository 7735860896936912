/* SPDX-License-Identifier: BSD-3-Clause */
/* What vt_swtpm_start accepts: names that are file names, paths that
 * swtpm's comma-separated options can carry, and a state directory that
 * is ours alone. */
#include "swtpm_local.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* [A-Za-z0-9][A-Za-z0-9_.-]*: a file name, as guest names are. */
static bool name_valid(const char *name)
{
	size_t len = name ? strnlen(name, VT_SWTPM_NAME_MAX + 1) : 0;

	if (len == 0 || len > VT_SWTPM_NAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9');

		if (!alnum && (i == 0 || (c != '_' && c != '.' && c != '-')))
			return false;
	}
	return true;
}

/* swtpm's options are comma-separated key=value lists. */
static bool dir_valid(const char *dir)
{
	return dir && dir[0] && strlen(dir) < PATH_MAX - 64 && !strchr(dir, ',');
}

/* A program path for posix_spawnp, and for swtpm_setup's --tpm, which
 * splits at spaces. */
static bool program_valid(const char *prog)
{
	return !prog || (prog[0] && strlen(prog) < PATH_MAX && !strpbrk(prog, " \t\n"));
}

/* The state directory must be ours alone: it holds the TPM's secrets. */
static int state_dir_check(const char *dir)
{
	struct stat st;

	if (stat(dir, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 07777) != 0700)
		return -EPERM;
	return 0;
}

int swtpm_opts_check(const struct vt_swtpm_opts *o)
{
	int r;

	if (!o || !dir_valid(o->state_dir) || !dir_valid(o->run_dir) ||
	    !name_valid(o->name) || !program_valid(o->swtpm) ||
	    !program_valid(o->swtpm_setup))
		return -EINVAL;
	if ((r = state_dir_check(o->state_dir)) < 0)
		swtpm_report(o->log, o->name, "state directory %s: %s", o->state_dir,
			     r == -EPERM ? "not ours with mode 0700" : strerror(-r));
	return r;
}
