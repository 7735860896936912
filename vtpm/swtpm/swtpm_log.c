/* SPDX-License-Identifier: BSD-3-Clause */
/* swtpm's log: where its reasons for failing are, and the only place that
 * says whether it could decrypt its state. Each start reads only what was
 * logged since it began. */
#include "swtpm_local.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOG_CAP (1 << 20)       /* moved aside past this at start */
#define READ_MAX 16384          /* of one start's output */
#define TAIL_LINES 8

/* What swtpm 0.7.1 logs when it cannot use its state key (measured):
 * another key or a key for a clear state, and an encrypted state without
 * a key. */
static const char *const wrong_key[] = {
	"Verification of HMAC failed", "Wrong decryption key",
};
static const char *const missing_key[] = {
	"Could not find plain data",
};

off_t swtpm_log_mark(const char *log_path)
{
	char old[PATH_MAX];
	struct stat st;

	if (stat(log_path, &st) < 0)
		return 0;
	if (st.st_size <= LOG_CAP)
		return st.st_size;
	if ((size_t)snprintf(old, sizeof(old), "%s.old", log_path) < sizeof(old))
		rename(log_path, old);
	return 0;
}

/* Reads at most READ_MAX bytes of the log since offset (the last ones) into
 * buf, NUL-terminated. Returns the length, 0 when there is nothing. */
static size_t log_since(const char *log_path, off_t offset, char buf[READ_MAX + 1])
{
	int fd = open(log_path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	ssize_t n;

	buf[0] = '\0';
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) < 0 || st.st_size <= offset) {
		close(fd);
		return 0;
	}
	if (st.st_size - offset > READ_MAX)
		offset = st.st_size - READ_MAX;
	n = pread(fd, buf, READ_MAX, offset);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return (size_t)n;
}

static bool log_has(const char *text, const char *const *needles, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(text, needles[i]))
			return true;
	return false;
}

int swtpm_log_key_error(const char *log_path, off_t offset)
{
	char buf[READ_MAX + 1];

	log_since(log_path, offset, buf);
	if (log_has(buf, wrong_key, sizeof(wrong_key) / sizeof(wrong_key[0])))
		return -EKEYREJECTED;
	if (log_has(buf, missing_key, sizeof(missing_key) / sizeof(missing_key[0])))
		return -ENOKEY;
	return -EIO;
}

void swtpm_report(FILE *log, const char *name, const char *fmt, ...)
{
	FILE *out = log ? log : stderr;
	va_list ap;

	fprintf(out, "swtpm %s: ", name);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
	fflush(out);
}

void swtpm_report_log_tail(FILE *log, const char *log_path, off_t offset)
{
	FILE *out = log ? log : stderr;
	char buf[READ_MAX + 1], *start;
	size_t n = log_since(log_path, offset, buf);
	unsigned lines = 0;

	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	if (n == 0)
		return;
	start = buf + n;
	while (start > buf && lines < TAIL_LINES)
		if (*--start == '\n')
			lines++;
	if (*start == '\n')
		start++;
	for (char *save, *line = strtok_r(start, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		fprintf(out, "  %s: %.200s\n", log_path, line);
	fflush(out);
}
