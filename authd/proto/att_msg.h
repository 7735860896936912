/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_ATT_MSG_H
#define VG_ATT_MSG_H

/*
 * The attestation protocol between vmgate-agent (in a guest) and
 * vmgate-authd, carried inside TLS 1.3 (docs/protocol.md).
 *
 * A frame is an 8-byte header -- 'V' 'A', version, type, payload length
 * (big-endian uint32, at most ATT_PAYLOAD_MAX) -- and a payload of fields
 * "tag (1) | length (2, big-endian) | value", tags strictly ascending.
 * Each message type has a schema (which tags, which are required, the
 * length bounds and kind of each); one table serves the decoder and the
 * builder, so nothing built here is refused by the decoder and the other
 * way round. Every frame has exactly one encoding.
 *
 * Every function returns 0 (or a length where said) on success and a
 * negative errno on failure. Each way a frame can be malformed has its own
 * errno (ATT_ERRORS below); att_err_of() turns it back into the enum for
 * counters and logs. Nothing allocates.
 */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ATT_MAGIC0 0x56         /* 'V' */
#define ATT_MAGIC1 0x41         /* 'A' */
#define ATT_VERSION 1
#define ATT_HDR_LEN 8
#define ATT_PAYLOAD_MAX 32768
#define ATT_FRAME_MAX (ATT_HDR_LEN + ATT_PAYLOAD_MAX)

/* Lengths of the fixed-size fields and bounds of the others. */
#define ATT_NAME_MAX 32         /* guest and peer names */
#define ATT_NONCE_LEN 32
#define ATT_SIG_LEN 32          /* r and s of an ECDSA P-256 signature */
#define ATT_PCR_COUNT 24        /* PCR indices 0..23 */
#define ATT_ATTEST_MAX 1024
#define ATT_CERT_MAX 2048
#define ATT_EVENT_LOG_MAX 16384
#define ATT_REASON_MAX 128

/* Message types: who sends each is in docs/protocol.md and att_type_sender. */
enum att_type {
	ATT_HELLO = 1,
	ATT_CHALLENGE = 2,
	ATT_EVIDENCE = 3,
	ATT_GATEWAY_CHALLENGE = 4,
	ATT_GATEWAY_EVIDENCE = 5,
	ATT_VERDICT = 6,
	ATT_REATTEST = 7,
	ATT_PAIR_REQUEST = 8,
	ATT_PAIR_RESULT = 9,
	ATT_ERROR = 10,
	ATT_TYPE_MAX
};

/* Field tags. A tag means the same thing in every message that has it. */
enum att_tag {
	ATT_T_GUEST = 1,        /* name: the guest saying HELLO */
	ATT_T_AGENT_VERSION = 2, /* uint16 */
	ATT_T_PEER = 3,         /* name: the other guest of a pair */
	ATT_T_NONCE = 4,        /* 32 bytes */
	ATT_T_PCR_SELECT = 5,   /* PCR indices, strictly ascending, 0..23 */
	ATT_T_ATTEST = 6,       /* TPMS_ATTEST as the TPM marshalled it */
	ATT_T_SIG_R = 7,        /* 32 bytes, big-endian */
	ATT_T_SIG_S = 8,        /* 32 bytes, big-endian */
	ATT_T_AK_CERT = 9,      /* DER */
	ATT_T_EVENT_LOG = 10,   /* bytes, may be empty */
	ATT_T_STATUS = 11,      /* uint8: enum att_status or another failure */
	ATT_T_TTL = 12,         /* uint32, seconds */
	ATT_T_REASON = 13,      /* printable ASCII text; optional */
	ATT_TAG_MAX
};

/* Who may send a type. */
enum att_role {
	ATT_ROLE_AGENT = 1,
	ATT_ROLE_AUTHD = 2,
};

/*
 * Status codes of VERDICT, PAIR_RESULT and ERROR. 0 is success; any other
 * value is a failure, including values not listed here (a newer peer may
 * know more reasons; it is still a failure).
 */
#define ATT_STATUSES(_) \
	_(OK,             "ok",             "success") \
	_(REFUSED,        "refused",        "refused by policy") \
	_(BAD_EVIDENCE,   "bad_evidence",   "quote, signature, nonce or TLS binding did not verify") \
	_(BAD_AK_CERT,    "bad_ak_cert",    "attestation key certificate not from the platform CA") \
	_(MEASUREMENT,    "measurement",    "measurements differ from the approved manifest") \
	_(UNKNOWN_GUEST,  "unknown_guest",  "no such guest in the policy") \
	_(NOT_ATTESTED,   "not_attested",   "the peer guest holds no valid attestation") \
	_(PROTOCOL,       "protocol",       "malformed or unexpected message") \
	_(TIMEOUT,        "timeout",        "no answer in time") \
	_(INTERNAL,       "internal",       "internal error")

enum att_status {
#define _(id, name, text) ATT_STATUS_##id,
	ATT_STATUSES(_)
#undef _
	ATT_STATUS_MAX
};

/* A status code's stable name and its text; "unknown" for codes not in
 * the list. */
const char *att_status_name(unsigned status);
const char *att_status_text(unsigned status);

/*
 * Every way a frame is refused: the enum, the negative errno the decoder
 * and the builder return, the name for counters and the short reason.
 */
#define ATT_ERRORS(_) \
	_(TRUNCATED_HEADER, ENOMSG,          "truncated_header", "fewer bytes than a frame header") \
	_(BAD_MAGIC,        EBADMSG,         "bad_magic",        "frame does not start with \"VA\"") \
	_(BAD_VERSION,      EPROTONOSUPPORT, "bad_version",      "unsupported protocol version") \
	_(UNKNOWN_TYPE,     EBADRQC,         "unknown_type",     "unknown message type") \
	_(OVERSIZE,         EMSGSIZE,        "oversize",         "payload length over the maximum") \
	_(LENGTH_MISMATCH,  EPROTO,          "length_mismatch",  "fewer payload bytes than the header says") \
	_(TRAILING_BYTES,   E2BIG,           "trailing_bytes",   "bytes after the end of the frame") \
	_(FIELD_TRUNCATED,  EOVERFLOW,       "field_truncated",  "field runs past the end of the payload") \
	_(UNKNOWN_TAG,      ENOPROTOOPT,     "unknown_tag",      "field tag not allowed in this message") \
	_(TAG_ORDER,        EBADSLT,         "tag_order",        "field tags not in ascending order") \
	_(DUPLICATE_TAG,    ENOTUNIQ,        "duplicate_tag",    "field given twice") \
	_(MISSING_FIELD,    ENODATA,         "missing_field",    "required field missing") \
	_(FIELD_LENGTH,     ERANGE,          "field_length",     "field too short or too long") \
	_(BAD_CHARSET,      EILSEQ,          "bad_charset",      "name or text with a character outside its set") \
	_(BAD_PCR_SELECT,   EDOM,            "bad_pcr_select",   "PCR index over 23 or not strictly ascending")

enum att_err {
#define _(id, err, name, text) ATT_ERR_##id,
	ATT_ERRORS(_)
#undef _
	ATT_ERR_MAX
};

/* Which att_err a negative errno from att_msg_decode or the builder is;
 * ATT_ERR_MAX for any other value (0, -ENOSPC, -EINVAL...). */
enum att_err att_err_of(int rc);
/* The error's stable name for counters and its short reason text. */
const char *att_err_name(enum att_err e);
const char *att_err_text(enum att_err e);
/* The short reason for any return of this library: att_err_text, or the
 * builder's own misuse errors, or "unknown error". */
const char *att_strerror(int rc);

/* True when role may send type. */
bool att_type_sent_by(unsigned type, enum att_role role);
/* The type's name ("hello", ...), or "unknown". */
const char *att_type_name(unsigned type);

/*
 * Checks a frame header (ATT_HDR_LEN bytes): magic, version and payload
 * length. Returns the payload length, or -EBADMSG, -EPROTONOSUPPORT,
 * -EMSGSIZE (over ATT_PAYLOAD_MAX). The type is not checked here: the
 * header alone is enough to read the rest of the frame from a stream.
 */
long att_frame_check(const uint8_t hdr[ATT_HDR_LEN]);

/* A decoded field: points into the caller's frame. */
struct att_field {
	const uint8_t *p;
	uint16_t len;
};

/* A decoded message. Valid while the frame it was decoded from is. */
struct att_msg {
	uint8_t type;                   /* enum att_type */
	uint32_t present;               /* bit (1 << tag) per field present */
	struct att_field f[ATT_TAG_MAX];
};

/*
 * Decodes the frame in buf (exactly len bytes: one whole frame, nothing
 * after it) into m. Checks the header, then every field against the
 * type's schema (allowed, ascending, length bounds, value), then that
 * every required field is there. 0, or the errno of the first problem
 * (ATT_ERRORS); m is zeroed on failure.
 */
int att_msg_decode(const uint8_t *buf, size_t len, struct att_msg *m);

/* True when the message has the field. */
bool att_msg_has(const struct att_msg *m, unsigned tag);

/* The field's bytes. 0, or -ENOENT when absent (or tag out of range). */
int att_msg_bytes(const struct att_msg *m, unsigned tag, const uint8_t **p,
		  size_t *len);

/* An integer field (status, agent version, TTL), big-endian. 0, -ENOENT
 * when absent, -EINVAL when the tag is no integer field. */
int att_msg_u32(const struct att_msg *m, unsigned tag, uint32_t *v);

/*
 * A name field (guest, peer), NUL-terminated into buf (size bytes), its
 * charset checked again. Returns its length; -ENOENT when absent, -EINVAL
 * when the tag is no name field, -EILSEQ on a bad character, -ENOSPC when
 * buf is too small (ATT_NAME_MAX + 1 always suffices).
 */
int att_msg_name(const struct att_msg *m, unsigned tag, char *buf,
		 size_t size);

/* The reason text, NUL-terminated into buf: "" when absent. Returns its
 * length; -EINVAL, -EILSEQ, -ENOSPC as att_msg_name (ATT_REASON_MAX + 1
 * always suffices). */
int att_msg_text(const struct att_msg *m, unsigned tag, char *buf,
		 size_t size);

/*
 * Builds one frame into a caller's buffer:
 *
 *     struct att_builder b;
 *     att_build_begin(&b, buf, sizeof(buf), ATT_CHALLENGE);
 *     att_build_put(&b, ATT_T_NONCE, nonce, 32);
 *     att_build_put(&b, ATT_T_PCR_SELECT, pcrs, n);
 *     len = att_build_end(&b);
 *
 * Fields are put in ascending tag order. The first refused call records
 * its error and every later call (att_build_end included) returns it, so
 * checking att_build_end alone is enough. The errors are the decoder's
 * for the same fault (-ENOPROTOOPT for a tag the type does not allow,
 * -ERANGE for a bad length, ...), plus -ENOSPC when buf is too small and
 * -EINVAL for misuse (NULL arguments, a put after the end).
 */
struct att_builder {
	uint8_t *buf;
	size_t size;
	size_t len;             /* bytes written, header included */
	uint8_t type;
	uint8_t last_tag;
	uint32_t present;
	int err;
	bool done;
};

/* Starts a frame of type in buf. 0 or -errno (-EBADRQC, -ENOSPC). */
int att_build_begin(struct att_builder *b, uint8_t *buf, size_t size,
		    unsigned type);
/* Adds field tag with len bytes of val. 0 or -errno. */
int att_build_put(struct att_builder *b, unsigned tag, const void *val,
		  size_t len);
/* Adds an integer field in the width its schema gives (1, 2 or 4 bytes,
 * big-endian). -ERANGE when v does not fit, -EINVAL for a non-integer
 * field. */
int att_build_put_u32(struct att_builder *b, unsigned tag, uint32_t v);
/* Adds a name or text field from a NUL-terminated string. An empty string
 * for an optional field adds nothing (optional fields are never empty:
 * absent is how they say "nothing"). */
int att_build_put_str(struct att_builder *b, unsigned tag, const char *s);
/* Checks that every required field is there (-ENODATA) and writes the
 * header. Returns the frame's length, or the first error. */
long att_build_end(struct att_builder *b);

#endif
