/* SPDX-License-Identifier: BSD-3-Clause */
/* Writing a save file: chunks go to "<path>.tmp", which becomes the file
 * only once the end is written and synced, so a save that fails half-way
 * never leaves something that looks like a save. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "fd_io.h"
#include "save_local.h"

struct save_writer {
	struct save_crypto c;
	int fd;
	bool finished;
	char path[PATH_MAX], tmp[PATH_MAX];
	uint8_t buf[SAVE_CHUNK_HEAD + SAVE_CHUNK_MAX + SAVE_TAG_LEN];
};

struct save_writer *save_writer_open(const char *path, const char *guest,
				     const uint8_t key[SAVE_KEY_LEN], const uint8_t *sealed,
				     size_t sealed_len)
{
	uint8_t head[SAVE_HEAD_FIXED + SAVE_SEALED_MAX], salt[SAVE_SALT_LEN];
	struct save_writer *w = calloc(1, sizeof(*w));
	long n;

	if (!w)
		return NULL;
	w->fd = -1;
	if ((size_t)snprintf(w->path, sizeof(w->path), "%s", path) >= sizeof(w->path) ||
	    (size_t)snprintf(w->tmp, sizeof(w->tmp), "%s.tmp", path) >= sizeof(w->tmp) ||
	    getrandom(salt, sizeof(salt), 0) != sizeof(salt) ||
	    (n = save_header_encode(guest, salt, sealed, sealed_len, head)) < 0 ||
	    save_crypto_init(&w->c, key, head, (size_t)n) < 0) {
		free(w);
		return NULL;
	}
	/* A stale temporary file is a failed save's: it is ours to replace. */
	unlink(w->tmp);
	w->fd = open(w->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (w->fd < 0 || fd_write_all(w->fd, head, (size_t)n, -1) < 0) {
		save_writer_free(w);
		return NULL;
	}
	return w;
}

int save_writer_put(struct save_writer *w, enum save_chunk type, const void *data,
		    size_t len)
{
	uint8_t iv[SAVE_IV_LEN], aad[33];
	uint8_t *ct = w->buf + SAVE_CHUNK_HEAD;

	if (len > SAVE_CHUNK_MAX || w->finished)
		return -EINVAL;
	w->buf[0] = (uint8_t)type;
	be32_put(w->buf + 1, (uint32_t)len);
	save_chunk_iv(&w->c, iv);
	save_chunk_aad(&w->c, (uint8_t)type, aad);
	if (wc_AesGcmEncrypt(&w->c.aes, ct, data, (word32)len, iv, sizeof(iv), ct + len,
			     SAVE_TAG_LEN, aad, sizeof(aad)) != 0)
		return -EIO;
	w->c.index++;
	return fd_write_all(w->fd, w->buf, SAVE_CHUNK_HEAD + len + SAVE_TAG_LEN, -1);
}

int save_writer_finish(struct save_writer *w)
{
	int r = save_writer_put(w, SAVE_END, NULL, 0);

	if (r == 0 && fsync(w->fd) < 0)
		r = -errno;
	if (r == 0 && rename(w->tmp, w->path) < 0)
		r = -errno;
	if (r == 0)
		w->finished = true;
	return r;
}

void save_writer_free(struct save_writer *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	if (!w->finished)
		unlink(w->tmp);
	save_crypto_wipe(&w->c);
	explicit_bzero(w->buf, sizeof(w->buf));
	free(w);
}
