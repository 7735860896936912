/* SPDX-License-Identifier: BSD-3-Clause */
/* Step 2: the guest's seed disk, a ustar archive of the agent's files and
 * the launch event log, as tools/guest_seed.sh makes it: known names,
 * regular files, bounded sizes (the guest's /init checks the values).
 * Same files, same bytes: owner 0:0, mode 0644, mtime 0, a fixed order. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "launch.h"

#define BLOCK 512
#define FILE_MAX 16384          /* certificates and the event log */
#define LINE_MAX_BYTES 256      /* the one-line files */

static const char *const members[] = { "ca.der", "ak.der", "tls.der", "connect",
				       "gateway", "gateway-pcr23", "peers" };
static const bool required[] = { true, true, true, true, true, true, false };
#define N_MEMBERS (sizeof(members) / sizeof(members[0]))

/* Writes one ustar member (header, data, padding) to fd. */
static int put_member(int fd, const char *name, const void *data, size_t len)
{
	uint8_t h[BLOCK] = { 0 }, pad[BLOCK] = { 0 };
	unsigned sum = 0;

	snprintf((char *)h, 100, "%s", name);
	memcpy(h + 100, "0000644", 8);
	memcpy(h + 108, "0000000", 8);
	memcpy(h + 116, "0000000", 8);
	snprintf((char *)h + 124, 12, "%011o", (unsigned)len);
	memcpy(h + 136, "00000000000", 12);
	memset(h + 148, ' ', 8);
	h[156] = '0';
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	for (size_t i = 0; i < BLOCK; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	if (write(fd, h, BLOCK) != BLOCK || (len && write(fd, data, len) != (ssize_t)len))
		return -EIO;
	if (len % BLOCK && write(fd, pad, BLOCK - len % BLOCK) != (ssize_t)(BLOCK - len % BLOCK))
		return -EIO;
	return 0;
}

/* Reads dir/name (a regular file, not a link) into buf: its length, or a
 * negative errno (-ENOENT when absent, -EINVAL when not acceptable). */
static long read_member(int dfd, const char *dir, const char *name, uint8_t *buf)
{
	size_t limit = strstr(name, ".der") ? FILE_MAX : LINE_MAX_BYTES;
	struct stat st;
	long n;
	int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);

	if (fd < 0) {
		if (errno == ENOENT)
			return -ENOENT;
		LAUNCH_LOG("seed %s/%s: %s", dir, name,
			   errno == ELOOP ? "not a regular file" : strerror(errno));
		return -EINVAL;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > limit) {
		LAUNCH_LOG("seed %s/%s: not a regular file of at most %zu bytes", dir, name, limit);
		close(fd);
		return -EINVAL;
	}
	n = read(fd, buf, limit);
	close(fd);
	if (n != st.st_size) {
		LAUNCH_LOG("seed %s/%s: cannot read it whole", dir, name);
		return -EIO;
	}
	return n;
}

/* Every entry of dir is a seed file this launcher knows. */
static int dir_check(int dfd, const char *dir)
{
	DIR *d = fdopendir(dup(dfd));
	struct dirent *e;
	int r = 0;

	if (!d)
		return -errno;
	while (r == 0 && (e = readdir(d))) {
		bool known = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");

		for (size_t i = 0; i < N_MEMBERS && !known; i++)
			known = !strcmp(e->d_name, members[i]);
		if (!known) {
			LAUNCH_LOG("seed %s/%s: not a seed file", dir, e->d_name);
			r = -EINVAL;
		}
	}
	closedir(d);
	return r;
}

int seed_disk_write(const char *dir, const struct evlog *log, const char *path)
{
	static uint8_t buf[FILE_MAX];
	uint8_t ev[EVLOG_BYTES_MAX];
	char tmp[PATH_MAX];
	int dfd, fd, r = 0, evlen;

	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		LAUNCH_LOG("seed directory '%s': %s", dir, strerror(errno));
		return -errno;
	}
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.new", path) >= sizeof(tmp) ||
	    (r = dir_check(dfd, dir)) < 0) {
		close(dfd);
		return r < 0 ? r : -ENAMETOOLONG;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	/* Public bytes that QEMU's user reopens: the umask (077 under vmmd)
	 * must not make them root's only. Its directory is QEMU's group's. */
	if (fd >= 0 && fchmod(fd, 0644) < 0) {
		close(fd);
		fd = -1;
	}
	if (fd < 0) {
		r = -errno;
		LAUNCH_LOG("cannot create '%s': %s", tmp, strerror(-r));
		close(dfd);
		return r;
	}
	for (size_t i = 0; i < N_MEMBERS && r == 0; i++) {
		long n = read_member(dfd, dir, members[i], buf);

		if (n == -ENOENT && !required[i])
			continue;
		if (n == -ENOENT)
			LAUNCH_LOG("seed %s: missing %s", dir, members[i]);
		r = n < 0 ? (int)n : put_member(fd, members[i], buf, (size_t)n);
	}
	evlen = evlog_encode(log, ev, sizeof(ev));
	if (r == 0)
		r = evlen < 0 ? evlen : put_member(fd, "launch.evlog", ev, (size_t)evlen);
	memset(buf, 0, 2 * BLOCK);
	if (r == 0 && (write(fd, buf, 2 * BLOCK) != 2 * BLOCK || fsync(fd) < 0))
		r = -EIO;
	close(fd);
	close(dfd);
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0) {
		unlink(tmp);
		LAUNCH_LOG("cannot write the seed disk '%s': %s", path, strerror(-r));
	}
	return r;
}
