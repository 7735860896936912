/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Restoring a saved guest: when the policy's save directory holds a save of
 * this guest, QEMU starts with "-incoming fd:N" and the launcher feeds it
 * the saved migration stream, chunk by authenticated chunk, through a pipe;
 * the vTPM blobs in the file are kept for the proxy, which puts them into
 * the vTPM when QEMU resumes the guest. The file is removed once the guest
 * runs again, so one save resumes the guest once.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "be32.h"
#include "launch.h"

struct save_in {
	struct launch *l;
	struct save_reader *r;
	char path[PATH_MAX];
	int wr;                         /* our end of QEMU's incoming pipe */
	const uint8_t *left;            /* QEMU bytes not yet written */
	size_t left_len;
	struct tpm_blobs blobs;
};

struct save_in *save_in_open(struct launch *l, int *err)
{
	uint8_t key[SAVE_KEY_LEN];
	const uint8_t *sealed;
	size_t sealed_len;
	char why[400];
	struct save_in *s = calloc(1, sizeof(*s));
	int p[2];

	*err = -ENOMEM;
	if (!s)
		return NULL;
	s->l = l;
	s->wr = -1;
	l->incoming_fd = -1;
	if ((*err = save_path(l, s->path, sizeof(s->path))) < 0)
		goto fail;
	s->r = save_reader_open(s->path, l->guest->name, err);
	if (!s->r)
		goto fail;
	sealed = save_reader_sealed(s->r, &sealed_len);
	*err = save_key_open(l, sealed, sealed_len, key, why, sizeof(why));
	if (*err < 0) {
		LAUNCH_LOG("restore: no key for %s: %s", s->path, why);
		goto fail;
	}
	save_reader_key(s->r, key);
	explicit_bzero(key, sizeof(key));
	if (pipe2(p, O_CLOEXEC) < 0 || fcntl(p[1], F_SETFL, O_NONBLOCK) < 0) {
		*err = -errno;
		goto fail;
	}
	s->wr = p[1];
	l->incoming_fd = p[0];
	LAUNCH_LOG("guest '%s' resumes from %s", l->guest->name, s->path);
	return s;
fail:
	if (*err != -ENOENT)
		LAUNCH_LOG("restore from %s: %s", s->path, *err == -EBADMSG
			   ? "not an intact save of this guest" : strerror(-*err));
	save_in_free(s);
	return NULL;
}

int save_in_fd(const struct save_in *s)
{
	return s->wr;
}

const struct tpm_blobs *save_in_blobs(const struct save_in *s)
{
	return &s->blobs;
}

/* A vTPM blob chunk (flags, bytes) kept for the proxy; each type once. */
static int keep_blob(struct save_in *s, enum save_chunk type, const uint8_t *data, size_t len)
{
	struct tpm_blob *b = &s->blobs.b[type - SAVE_TPM_PERMANENT];

	if (len < 4 || b->data)
		return -EBADMSG;
	b->data = malloc(len - 4 ? len - 4 : 1);
	if (!b->data)
		return -ENOMEM;
	memcpy(b->data, data + 4, len - 4);
	b->len = len - 4;
	b->flags = be32_get(data);
	s->blobs.complete = s->blobs.b[0].data && s->blobs.b[1].data && s->blobs.b[2].data;
	return 0;
}

int save_in_serve(struct save_in *s)
{
	for (;;) {
		enum save_chunk type;
		const uint8_t *data;
		size_t len;
		int r;

		if (s->left_len) {
			ssize_t n = write(s->wr, s->left, s->left_len);

			if (n < 0)
				return errno == EAGAIN || errno == EINTR ? 0 : -errno;
			s->left += n;
			s->left_len -= (size_t)n;
			continue;
		}
		r = save_reader_next(s->r, &type, &data, &len);
		if (r < 0) {
			LAUNCH_LOG("restore: %s is not an intact save: %s", s->path,
				   r == -EBADMSG ? "a chunk fails authentication or the file was cut"
						 : strerror(-r));
			return r;
		}
		if (type == SAVE_END) {
			/* QEMU has the whole stream: its end tells it so. */
			close(s->wr);
			s->wr = -1;
			return 1;
		}
		if (type == SAVE_QEMU) {
			s->left = data;
			s->left_len = len;
		} else if ((r = keep_blob(s, type, data, len)) < 0) {
			LAUNCH_LOG("restore: %s holds a malformed or repeated vTPM blob", s->path);
			return r;
		}
	}
}

void save_in_done(struct save_in *s)
{
	if (unlink(s->path) < 0)
		LAUNCH_LOG("restore: cannot remove %s: %s", s->path, strerror(errno));
	else
		LAUNCH_LOG("guest '%s' resumed; %s removed", s->l->guest->name, s->path);
}

void save_in_free(struct save_in *s)
{
	if (!s)
		return;
	save_reader_free(s->r);
	if (s->wr >= 0)
		close(s->wr);
	for (int i = 0; i < 3; i++) {
		if (s->blobs.b[i].data)
			explicit_bzero(s->blobs.b[i].data, s->blobs.b[i].len);
		free(s->blobs.b[i].data);
	}
	free(s);
}
