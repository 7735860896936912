/* SPDX-License-Identifier: BSD-3-Clause */
/* Fuzz target: any bytes as an attestation protocol frame from a peer.
 * The decoder must accept or refuse with one of its errors, without
 * reading past the input; whatever it accepts, the builder writes again
 * byte for byte (one encoding per message), and the accessors read. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "att_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Rebuilds m with the builder into out; the frame's length or -errno. */
static long rebuild(const struct att_msg *m, uint8_t *out, size_t size)
{
	struct att_builder b;

	att_build_begin(&b, out, size, m->type);
	for (unsigned tag = 0; tag < ATT_TAG_MAX; tag++)
		if (att_msg_has(m, tag))
			att_build_put(&b, tag, m->f[tag].p, m->f[tag].len);
	return att_build_end(&b);
}

/* Reads every field through its typed accessor. */
static void read_fields(const struct att_msg *m)
{
	char text[ATT_REASON_MAX + 1];
	uint32_t v;

	for (unsigned tag = 0; tag < ATT_TAG_MAX; tag++) {
		if (!att_msg_has(m, tag))
			continue;
		if (att_msg_u32(m, tag, &v) == -ERANGE)
			__builtin_trap();
		if (att_msg_name(m, tag, text, ATT_NAME_MAX + 1) == -EILSEQ ||
		    att_msg_text(m, tag, text, sizeof(text)) == -EILSEQ)
			__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A private copy of exactly size bytes, so ASan sees any overread. */
	uint8_t *frame = malloc(size ? size : 1);
	static uint8_t again[ATT_FRAME_MAX];
	struct att_msg m;
	long len;
	int r;

	if (!frame)
		return 0;
	memcpy(frame, data, size);
	r = att_msg_decode(frame, size, &m);
	if (r < 0) {
		if (att_err_of(r) >= ATT_ERR_MAX || m.present)
			__builtin_trap();
	} else {
		read_fields(&m);
		len = rebuild(&m, again, sizeof(again));
		if (len < 0 || (size_t)len != size || memcmp(again, frame, size) != 0)
			__builtin_trap();
	}
	free(frame);
	return 0;
}
