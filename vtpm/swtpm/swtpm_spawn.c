/* SPDX-License-Identifier: BSD-3-Clause */
/* Child processes that inherit nothing but what they need: stdin from
 * /dev/null, output into swtpm's log, the key pipe, and default signal
 * handling (whatever the daemon blocks or ignores must not reach swtpm). */
#include "swtpm_local.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

/* Descriptors at or above this are moved nowhere by dup2 onto 0-3. */
#define FD_SAFE_MIN 10

extern char **environ;

/* A close-on-exec copy of fd numbered FD_SAFE_MIN or more, so that
 * dup2 onto a low number always copies (and clears close-on-exec). */
static int fd_high(int fd)
{
	return fcntl(fd, F_DUPFD_CLOEXEC, FD_SAFE_MIN);
}

static int spawn_actions(posix_spawn_file_actions_t *fa, int out_fd, int key_fd)
{
	int r = posix_spawn_file_actions_addopen(fa, STDIN_FILENO, "/dev/null",
						 O_RDONLY, 0);

	if (!r)
		r = posix_spawn_file_actions_adddup2(fa, out_fd, STDOUT_FILENO);
	if (!r)
		r = posix_spawn_file_actions_adddup2(fa, out_fd, STDERR_FILENO);
	if (!r && key_fd >= 0)
		r = posix_spawn_file_actions_adddup2(fa, key_fd, KEY_FD);
	if (!r)
		r = posix_spawn_file_actions_addclosefrom_np(fa, key_fd >= 0 ? KEY_FD + 1
									  : KEY_FD);
	return r;
}

static int spawn_attrs(posix_spawnattr_t *attr, bool own_group)
{
	short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
	sigset_t none, all;

	sigemptyset(&none);
	sigfillset(&all);
	if (posix_spawnattr_setsigmask(attr, &none) ||
	    posix_spawnattr_setsigdefault(attr, &all))
		return EINVAL;
	if (own_group) {
		flags |= POSIX_SPAWN_SETPGROUP;
		if (posix_spawnattr_setpgroup(attr, 0))
			return EINVAL;
	}
	return posix_spawnattr_setflags(attr, flags);
}

int swtpm_spawn(const char *prog, char *const argv[], char *const envp[],
		int out_fd, int key_fd, bool own_group, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int out = fd_high(out_fd), key = key_fd >= 0 ? fd_high(key_fd) : -1, r;

	if (out < 0 || (key_fd >= 0 && key < 0)) {
		r = errno;
		goto out;
	}
	if ((r = posix_spawn_file_actions_init(&fa)) != 0)
		goto out;
	if ((r = posix_spawnattr_init(&attr)) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		goto out;
	}
	r = spawn_actions(&fa, out, key);
	if (!r)
		r = spawn_attrs(&attr, own_group);
	if (!r)
		r = posix_spawnp(pid, prog, &fa, &attr, argv, envp ? envp : environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
out:
	if (out >= 0)
		close(out);
	if (key >= 0)
		close(key);
	return -r;
}
