/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_PROTO_LOCAL_H
#define VG_PROTO_LOCAL_H

/* Shared by the protocol library's files; not part of its interface. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "att_msg.h"

/* What a field's value is, which decides the checks beyond its length. */
enum att_kind {
	ATT_K_BYTES,            /* anything */
	ATT_K_UINT,             /* big-endian integer of exactly min == max bytes */
	ATT_K_NAME,             /* [A-Za-z0-9][A-Za-z0-9_.-]* */
	ATT_K_TEXT,             /* printable ASCII, 0x20..0x7e */
	ATT_K_PCR_SELECT,       /* PCR indices < ATT_PCR_COUNT, strictly ascending */
};

struct att_field_spec {
	uint8_t tag;            /* 0 ends a schema's list */
	uint8_t kind;           /* enum att_kind */
	bool optional;          /* optional fields have min >= 1 (canonical) */
	uint16_t min, max;      /* value length bounds, inclusive */
};

/* The most fields a message type has. */
#define ATT_FIELDS_MAX 5

struct att_schema {
	const char *name;
	uint8_t senders;        /* enum att_role bits */
	struct att_field_spec fields[ATT_FIELDS_MAX];   /* ascending tags */
};

/* The schema of type, or NULL for an unknown type. */
const struct att_schema *att_schema_of(unsigned type);

/* The spec of tag in schema s, or NULL when s does not allow it. */
const struct att_field_spec *att_schema_field(const struct att_schema *s,
					      unsigned tag);

/* Checks a value of len bytes against f: length bounds, then what its
 * kind requires. 0, -ERANGE, -EILSEQ or -EDOM. */
int att_field_check(const struct att_field_spec *f, const uint8_t *p,
		    size_t len);

/* Checks the ordering of tag after the previous one (-1: none yet): 0,
 * -ENOTUNIQ when equal, -EBADSLT when lower. */
int att_tag_order(int prev, unsigned tag);

#endif
