/* SPDX-License-Identifier: BSD-3-Clause */
/* Reading a save file: every chunk is authenticated before its bytes are
 * handed out, and the file must end with its end chunk, so QEMU and the
 * vTPM only ever get what the launcher saved, in its order (a cut file
 * gives a migration stream that stops short, which QEMU refuses). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fd_io.h"
#include "save_local.h"

struct save_reader {
	struct save_crypto c;
	int fd;
	bool keyed, ended;
	uint8_t head[SAVE_HEAD_FIXED + SAVE_SEALED_MAX];
	size_t head_len;
	uint8_t ct[SAVE_CHUNK_MAX + SAVE_TAG_LEN], plain[SAVE_CHUNK_MAX];
};

/* Exactly len bytes: -EBADMSG at the file's end (it was cut). */
static int read_exact(int fd, uint8_t *p, size_t len)
{
	int r = fd_read_all(fd, p, len, -1);

	return r == -EPIPE ? -EBADMSG : r;
}

static int read_header(struct save_reader *r, const char *guest)
{
	char name[SAVE_NAME_LEN + 1] = "";
	uint32_t sealed_len;
	int e = read_exact(r->fd, r->head, SAVE_HEAD_FIXED);

	if (e < 0)
		return e;
	memcpy(name, r->head + SAVE_MAGIC_LEN, SAVE_NAME_LEN);
	sealed_len = be32_get(r->head + SAVE_HEAD_FIXED - 4);
	if (memcmp(r->head, SAVE_MAGIC, SAVE_MAGIC_LEN) != 0 || strcmp(name, guest) != 0 ||
	    sealed_len == 0 || sealed_len > SAVE_SEALED_MAX)
		return -EBADMSG;
	e = read_exact(r->fd, r->head + SAVE_HEAD_FIXED, sealed_len);
	r->head_len = SAVE_HEAD_FIXED + sealed_len;
	return e;
}

struct save_reader *save_reader_open(const char *path, const char *guest, int *err)
{
	struct save_reader *r = calloc(1, sizeof(*r));
	struct stat st;

	*err = -ENOMEM;
	if (!r)
		return NULL;
	r->fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (r->fd < 0)
		*err = -errno;
	else if (fstat(r->fd, &st) < 0 || !S_ISREG(st.st_mode))
		*err = -EBADMSG;
	else
		*err = read_header(r, guest);
	if (*err < 0) {
		save_reader_free(r);
		return NULL;
	}
	return r;
}

const uint8_t *save_reader_sealed(const struct save_reader *r, size_t *len)
{
	*len = r->head_len - SAVE_HEAD_FIXED;
	return r->head + SAVE_HEAD_FIXED;
}

void save_reader_key(struct save_reader *r, const uint8_t key[SAVE_KEY_LEN])
{
	r->keyed = save_crypto_init(&r->c, key, r->head, r->head_len) == 0;
}

int save_reader_next(struct save_reader *r, enum save_chunk *type, const uint8_t **data,
		     size_t *len)
{
	uint8_t head[SAVE_CHUNK_HEAD], iv[SAVE_IV_LEN], aad[33];
	uint32_t n;
	int e;

	if (!r->keyed || r->ended)
		return -EINVAL;
	if ((e = read_exact(r->fd, head, sizeof(head))) < 0)
		return e;
	n = be32_get(head + 1);
	if (n > SAVE_CHUNK_MAX)
		return -EBADMSG;
	if ((e = read_exact(r->fd, r->ct, n + SAVE_TAG_LEN)) < 0)
		return e;
	save_chunk_iv(&r->c, iv);
	save_chunk_aad(&r->c, head[0], aad);
	if (wc_AesGcmDecrypt(&r->c.aes, r->plain, r->ct, n, iv, sizeof(iv), r->ct + n,
			     SAVE_TAG_LEN, aad, sizeof(aad)) != 0)
		return -EBADMSG;
	r->c.index++;
	switch (head[0]) {
	case SAVE_QEMU: case SAVE_TPM_PERMANENT: case SAVE_TPM_VOLATILE: case SAVE_TPM_SAVESTATE:
		break;
	case SAVE_END: {
		uint8_t more;

		/* Nothing may follow the end. */
		if (n != 0 || read(r->fd, &more, 1) != 0)
			return -EBADMSG;
		r->ended = true;
		break;
	}
	default:
		return -EBADMSG;
	}
	*type = (enum save_chunk)head[0];
	*data = r->plain;
	*len = n;
	return 0;
}

void save_reader_free(struct save_reader *r)
{
	if (!r)
		return;
	if (r->fd >= 0)
		close(r->fd);
	if (r->keyed)
		save_crypto_wipe(&r->c);
	explicit_bzero(r->plain, sizeof(r->plain));
	free(r);
}
