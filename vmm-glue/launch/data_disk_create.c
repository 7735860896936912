/* SPDX-License-Identifier: BSD-3-Clause */
/* vmgate-launch --create-data-disk SIZE: a new LUKS image for a guest's
 * data disk, whose passphrase is the key vtpmd released after the
 * measured launch steps. qemu-img writes the image into a file made here
 * (exclusively, 0600) and gets the key through a pipe, as QEMU does. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launch.h"

#define CREATE_ATTEMPTS 5

/* Digits and an optional K, M or G: what qemu-img reads as a size. */
static bool size_valid(const char *s)
{
	size_t n = strspn(s, "0123456789");

	return n > 0 && n <= 12 && s[0] != '0' &&
	       (s[n] == '\0' || (strchr("KMG", s[n]) && s[n + 1] == '\0'));
}

/* Runs qemu-img create on path (made here, empty) with the key on key_fd:
 * 0, or -EIO when it failed (its own message is on stderr). The path, not /proc/self/fd/N: qemu-img's file driver tries to
 * delete what it created on a failed step, and a /proc link is not the
 * file. */
static int run_qemu_img(const char *path, int key_fd, const char *size)
{
	char secret[64];
	pid_t pid;
	int status;

	snprintf(secret, sizeof(secret), "secret,id=vgdatakey,file=/proc/self/fd/%d,format=raw",
		 key_fd);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		const char *argv[] = { "qemu-img", "create", "-q", "-f", "luks", "--object", secret,
				       "-o", "key-secret=vgdatakey", path, size, NULL };

		if (fcntl(key_fd, F_SETFD, 0) < 0)
			_exit(126);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "vmgate-launch: cannot run qemu-img: %s\n", strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -EIO;
}

/* Gives qemu-img the key in a fresh pipe and runs it on path. */
static int create_once(const char *path, const char *key, const char *size)
{
	size_t len = strlen(key);
	int p[2], r;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	if (write(p[1], key, len) != (ssize_t)len) {
		close(p[0]);
		close(p[1]);
		return -EIO;
	}
	close(p[1]);
	r = run_qemu_img(path, p[0], size);
	close(p[0]);
	return r;
}

/* The data disk's file, made here exclusively (0600): never one that
 * existed, never through a link. */
static int make_file(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);

	return fd < 0 ? -errno : fd;
}

int data_disk_create(const struct launch *l, const char *key, const char *size)
{
	const char *path = l->guest->launch.data_disk;
	int fd, r = 0;

	if (!size_valid(size)) {
		LAUNCH_LOG("--create-data-disk %s: not a size (digits, then K, M or G)", size);
		return -EINVAL;
	}
	fd = make_file(path);
	if (fd < 0) {
		LAUNCH_LOG("cannot create the data disk '%s': %s", path,
			   fd == -EEXIST ? "it exists (it is never overwritten)" : strerror(-fd));
		return fd;
	}
	/* qemu-img times its key derivation by the thread's CPU time, and
	 * fails now and then where that is coarse ("Unable to get accurate CPU
	 * usage"): a few more tries, each on a new file of ours (a failed
	 * qemu-img may have removed the one it was given). */
	for (int attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
		r = create_once(path, key, size);
		if (r == 0 || attempt == CREATE_ATTEMPTS)
			break;
		LAUNCH_LOG("qemu-img failed (attempt %d of %d): trying again", attempt,
			   CREATE_ATTEMPTS);
		close(fd);
		unlink(path);
		fd = make_file(path);
		if (fd < 0) {
			LAUNCH_LOG("cannot create the data disk '%s' again: %s", path, strerror(-fd));
			return fd;
		}
	}
	if (r == 0 && fchown(fd, l->uid, l->gid) < 0)
		r = -errno;
	if (r < 0) {
		LAUNCH_LOG("cannot create the data disk '%s': %s", path, strerror(-r));
		close(fd);
		unlink(path);
		return r;
	}
	close(fd);
	LAUNCH_LOG("data disk '%s' of guest '%s' created: LUKS, %s, owned by uid %u", path,
		   l->guest->name, size, (unsigned)l->uid);
	return 0;
}
