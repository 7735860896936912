/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_SAVE_LOCAL_H
#define VG_SAVE_LOCAL_H

/* What the save file's writer and reader share (save_header.c). */

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/aes.h>

#include "be32.h"
#include "save_file.h"

#define SAVE_MAGIC "VGSAVE\0\1"
#define SAVE_MAGIC_LEN 8
#define SAVE_NAME_LEN 32
#define SAVE_SALT_LEN 4
#define SAVE_TAG_LEN 16
#define SAVE_IV_LEN 12
#define SAVE_HEAD_FIXED (SAVE_MAGIC_LEN + SAVE_NAME_LEN + SAVE_SALT_LEN + 4)
#define SAVE_CHUNK_HEAD 5

/* One file's crypto: the key schedule, the salt, the header's digest,
 * and the index of the next chunk. */
struct save_crypto {
	Aes aes;
	uint8_t salt[SAVE_SALT_LEN];
	uint8_t head_digest[32];
	uint64_t index;
};

/* The header for guest into out (at least SAVE_HEAD_FIXED +
 * SAVE_SEALED_MAX): its length, or -EINVAL (a name too long, a sealed key
 * too large). */
long save_header_encode(const char *guest, const uint8_t salt[SAVE_SALT_LEN],
			const uint8_t *sealed, size_t sealed_len, uint8_t *out);
/* Sets the key and digests the header. */
int save_crypto_init(struct save_crypto *c, const uint8_t key[SAVE_KEY_LEN],
		     const uint8_t *head, size_t head_len);
/* The IV and additional data of the next chunk of type. */
void save_chunk_iv(const struct save_crypto *c, uint8_t iv[SAVE_IV_LEN]);
void save_chunk_aad(const struct save_crypto *c, uint8_t type, uint8_t aad[33]);
void save_crypto_wipe(struct save_crypto *c);

#endif
