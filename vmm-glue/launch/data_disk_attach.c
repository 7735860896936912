/* SPDX-License-Identifier: BSD-3-Clause */
/* The encrypted data disk for QEMU: the image open read-write (QEMU reads
 * and writes it through /proc/self/fd, as the launch parts), checked to be
 * LUKS before the vTPM is touched, and its key in a pipe. QEMU's secret object reads the pipe to its end when it
 * starts, so the key is in no file, no argv and, once read, no longer in
 * the pipe. The pipe belongs to QEMU's user: QEMU reopens it through
 * /proc/self/fd, which checks its owner. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "launch.h"

/* The first bytes of a LUKS (version 1 or 2) header. */
static const uint8_t luks_magic[6] = { 'L', 'U', 'K', 'S', 0xba, 0xbe };

/* Opens the image: a regular file that starts with a LUKS header, so that
 * nothing but ciphertext is ever attached as the data disk. */
static int open_image(const char *path)
{
	uint8_t magic[sizeof(luks_magic)];
	struct stat st;
	int fd = open(path, O_RDWR | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW), r;

	if (fd < 0) {
		r = -errno;
		LAUNCH_LOG("cannot open the data disk '%s': %s%s", path, strerror(-r),
			   r == -ENOENT ? " (make it with vmgate-launch --create-data-disk SIZE)" : "");
		return r;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    pread(fd, magic, sizeof(magic), 0) != (ssize_t)sizeof(magic) ||
	    memcmp(magic, luks_magic, sizeof(magic)) != 0) {
		LAUNCH_LOG("the data disk '%s' is not a LUKS image: it is not attached in clear",
			   path);
		close(fd);
		return -EMEDIUMTYPE;
	}
	return fd;
}

int data_disk_open(struct launch *l)
{
	int fd = open_image(l->guest->launch.data_disk);

	if (fd < 0)
		return fd;
	l->data_fd = fd;
	return 0;
}

int data_disk_key_pipe(struct launch *l, const char *key)
{
	size_t len = strlen(key);
	int p[2], r;

	if (pipe2(p, O_CLOEXEC) < 0) {
		r = -errno;
		LAUNCH_LOG("cannot make the key pipe: %s", strerror(-r));
		return r;
	}
	/* 64 bytes fit any pipe's buffer: the write does not block. */
	errno = 0;
	if (write(p[1], key, len) != (ssize_t)len || fchown(p[0], l->uid, l->gid) < 0) {
		r = errno ? -errno : -EIO;
		LAUNCH_LOG("cannot hand the disk key to QEMU: %s", strerror(-r));
		close(p[0]);
		close(p[1]);
		return r;
	}
	/* QEMU reads to the end: no writer may stay open. */
	close(p[1]);
	l->key_fd = p[0];
	return 0;
}
