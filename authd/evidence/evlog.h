/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_EVLOG_H
#define VG_EVLOG_H

/*
 * The event log of a measured launch: which digest was extended into which
 * PCR (sha256 bank), for which part, in the order of the extensions. The
 * PCRs are the truth; the log says how they got there, so a verifier can
 * replay it, compare the result with a quote, and then judge each digest.
 *
 * Launch PCR layout (a guest's vTPM):
 *   PCR 8   the kernel, then the command line
 *   PCR 9   the initrd, then the disk image
 * and the gateway's root TPM (see docs/vtpm.md):
 *   PCR 23  the gateway's binaries, in order
 *   PCR 16  the policy file
 * Each measurement is the SHA-256 of the whole part; for the command line,
 * of its bytes without a terminating NUL.
 *
 * Encoding (the file a launcher writes, the bytes an agent sends), all
 * single bytes but the digests:
 *   "VGEL" | version (1) | count n (0..EVLOG_MAX) |
 *   n entries of: pcr (0..23) | part (enum evlog_part) | SHA-256 (32)
 * 6 + 34 n bytes exactly: a truncated or padded log is malformed whatever
 * the cut.
 *
 * Return convention: 0 (or a length where said) on success, a negative
 * errno on failure; nothing is kept of a failed call.
 */

#include <stddef.h>
#include <stdint.h>

#define EVLOG_MAX 64            /* entries in one log */
#define EVLOG_DIGEST_LEN 32     /* SHA-256 */
#define EVLOG_PCR_COUNT 24
#define EVLOG_VERSION 1
#define EVLOG_HEADER_LEN 6
#define EVLOG_ENTRY_LEN (2 + EVLOG_DIGEST_LEN)
#define EVLOG_BYTES_MAX (EVLOG_HEADER_LEN + EVLOG_MAX * EVLOG_ENTRY_LEN)

#define EVLOG_PCR_KERNEL_CMDLINE 8
#define EVLOG_PCR_INITRD_DISK 9
#define EVLOG_PCR_GATEWAY 23
#define EVLOG_PCR_POLICY 16

enum evlog_part {
	EVLOG_KERNEL = 1,
	EVLOG_INITRD = 2,
	EVLOG_CMDLINE = 3,
	EVLOG_DISK = 4,
	EVLOG_GATEWAY_BINARY = 0x10,
	EVLOG_POLICY_FILE = 0x11,
};

struct evlog_entry {
	uint8_t pcr;
	uint8_t part;           /* enum evlog_part */
	uint8_t digest[EVLOG_DIGEST_LEN];
};

struct evlog {
	size_t n;
	struct evlog_entry e[EVLOG_MAX];
};

/* The PCR a part is measured into, per the layout above; -EINVAL for a
 * value that is no part. */
int evlog_part_pcr(unsigned part);

/* "kernel", "initrd", "cmdline", "disk", "gateway-binary", "policy-file";
 * "?" for a value that is no part. */
const char *evlog_part_name(unsigned part);

/* The part a name above stands for; -EINVAL for any other name. */
int evlog_part_from_name(const char *name);

/* Empties a log. */
void evlog_init(struct evlog *log);

/* Appends an event: -EINVAL for a PCR >= EVLOG_PCR_COUNT or a value that
 * is no part, -E2BIG when the log holds EVLOG_MAX events. Whether the part
 * belongs in that PCR is the verifier's concern, not the log's. */
int evlog_append(struct evlog *log, unsigned pcr, unsigned part,
		 const uint8_t digest[EVLOG_DIGEST_LEN]);

/* Encodes a log into buf (size bytes; EVLOG_BYTES_MAX always suffice).
 * Returns the length; -ENOSPC when buf is too small. */
int evlog_encode(const struct evlog *log, uint8_t *buf, size_t size);

/* Decodes len bytes of hostile input into *out: -EBADMSG unless they are
 * exactly one log of this version (length, count, PCR indexes and parts
 * all valid). */
int evlog_parse(const uint8_t *buf, size_t len, struct evlog *out);

/* Replays the log from PCRs of zeros: values[i] = SHA-256(values[i] ||
 * digest) for each event of PCR i, in order; PCRs without an event stay
 * zeros. -ERANGE when an event is for a PCR outside pcr_mask (bit i: PCR
 * i); -EIO when the hash fails. */
int evlog_replay(const struct evlog *log, uint32_t pcr_mask,
		 uint8_t values[EVLOG_PCR_COUNT][EVLOG_DIGEST_LEN]);

/* Appends one event to the log file at path, creating it (mode 0644) when
 * there is none. The file is replaced as a whole (written beside it, then
 * renamed), so a reader never sees half a log. -EBADMSG when the existing
 * file is not a valid log, -E2BIG when it is full, -EINVAL as
 * evlog_append(), or the errno of the failed file operation. */
int evlog_file_append(const char *path, unsigned pcr, unsigned part,
		      const uint8_t digest[EVLOG_DIGEST_LEN]);

/* Reads the log file at path into *out: -EBADMSG when it is not a valid
 * log (or larger than any), or the errno of the failed read. */
int evlog_file_read(const char *path, struct evlog *out);

#endif
