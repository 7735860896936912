/* SPDX-License-Identifier: BSD-3-Clause */
/* The save file's header and per-chunk IV and additional data (the layout
 * is in save_file.h). */
#include <errno.h>
#include <string.h>

#include "save_local.h"

#include <wolfssl/wolfcrypt/hash.h>

long save_header_encode(const char *guest, const uint8_t salt[SAVE_SALT_LEN],
			const uint8_t *sealed, size_t sealed_len, uint8_t *out)
{
	size_t n = strlen(guest);

	if (n == 0 || n > SAVE_NAME_LEN || sealed_len == 0 || sealed_len > SAVE_SEALED_MAX)
		return -EINVAL;
	memcpy(out, SAVE_MAGIC, SAVE_MAGIC_LEN);
	memset(out + SAVE_MAGIC_LEN, 0, SAVE_NAME_LEN);
	memcpy(out + SAVE_MAGIC_LEN, guest, n);
	memcpy(out + SAVE_MAGIC_LEN + SAVE_NAME_LEN, salt, SAVE_SALT_LEN);
	be32_put(out + SAVE_HEAD_FIXED - 4, (uint32_t)sealed_len);
	memcpy(out + SAVE_HEAD_FIXED, sealed, sealed_len);
	return (long)(SAVE_HEAD_FIXED + sealed_len);
}

int save_crypto_init(struct save_crypto *c, const uint8_t key[SAVE_KEY_LEN],
		     const uint8_t *head, size_t head_len)
{
	memset(c, 0, sizeof(*c));
	memcpy(c->salt, head + SAVE_MAGIC_LEN + SAVE_NAME_LEN, SAVE_SALT_LEN);
	if (wc_Sha256Hash(head, (word32)head_len, c->head_digest) != 0 ||
	    wc_AesInit(&c->aes, NULL, INVALID_DEVID) != 0)
		return -EIO;
	if (wc_AesGcmSetKey(&c->aes, key, SAVE_KEY_LEN) != 0) {
		wc_AesFree(&c->aes);
		return -EIO;
	}
	return 0;
}

void save_chunk_iv(const struct save_crypto *c, uint8_t iv[SAVE_IV_LEN])
{
	memcpy(iv, c->salt, SAVE_SALT_LEN);
	be32_put(iv + 4, (uint32_t)(c->index >> 32));
	be32_put(iv + 8, (uint32_t)c->index);
}

void save_chunk_aad(const struct save_crypto *c, uint8_t type, uint8_t aad[33])
{
	memcpy(aad, c->head_digest, 32);
	aad[32] = type;
}

void save_crypto_wipe(struct save_crypto *c)
{
	wc_AesFree(&c->aes);
	explicit_bzero(c, sizeof(*c));
}
