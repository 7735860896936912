/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_SAVE_FILE_H
#define VG_SAVE_FILE_H

/*
 * A saved guest (vmgatectl guest migrate): QEMU's migration stream and the
 * guest's vTPM state, encrypted and authenticated with AES-256-GCM under a
 * key that vmgate-vtpmd seals with the root TPM (docs/launch.md, "Saving
 * and restoring a guest").
 *
 *   header  "VGSAVE\0\1", the guest's name (32 bytes, NUL-padded), a
 *           4-byte salt, the sealed key's length (u32, big-endian) and
 *           the sealed key
 *   chunks  type (1 byte), length (u32), ciphertext, 16-byte tag; the IV
 *           is the salt and the chunk's index (u64), the additional data
 *           the header's SHA-256 and the type: a chunk cannot be moved,
 *           dropped, retyped or put under another header unnoticed
 *   end     a chunk of type SAVE_END, length 0: a file without it was cut
 *
 * Functions return 0 or a negative errno (-EBADMSG: the file is not an
 * intact save of this guest).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SAVE_KEY_LEN 32
#define SAVE_SEALED_MAX 1024
#define SAVE_CHUNK_MAX (1u << 20)       /* a vTPM blob; QEMU's chunks are smaller */

enum save_chunk {
	SAVE_QEMU = 1,                  /* bytes of QEMU's migration stream */
	SAVE_TPM_PERMANENT,             /* swtpm's state blobs (tpm_ioctl.h types 1-3) */
	SAVE_TPM_VOLATILE,
	SAVE_TPM_SAVESTATE,
	SAVE_END = 0xff,
};

struct save_writer;
/* Creates "<path>.tmp" (0600, never an existing file) for guest's save. */
struct save_writer *save_writer_open(const char *path, const char *guest,
				     const uint8_t key[SAVE_KEY_LEN], const uint8_t *sealed,
				     size_t sealed_len);
/* Appends one chunk of len (at most SAVE_CHUNK_MAX) bytes. */
int save_writer_put(struct save_writer *w, enum save_chunk type, const void *data,
		    size_t len);
/* Writes the end, syncs, and renames the file into place. */
int save_writer_finish(struct save_writer *w);
/* Frees w; an unfinished file is removed. */
void save_writer_free(struct save_writer *w);

struct save_reader;
/* Opens path and reads its header; -EBADMSG when it is not a save of
 * guest. save_reader_sealed() then gives the sealed key to unseal. */
struct save_reader *save_reader_open(const char *path, const char *guest, int *err);
const uint8_t *save_reader_sealed(const struct save_reader *r, size_t *len);
void save_reader_key(struct save_reader *r, const uint8_t key[SAVE_KEY_LEN]);
/* The next chunk, authenticated: its type, and *data (valid until the
 * next call) of *len bytes. -EBADMSG for a forged, reordered or cut file. */
int save_reader_next(struct save_reader *r, enum save_chunk *type, const uint8_t **data,
		     size_t *len);
void save_reader_free(struct save_reader *r);

#endif
