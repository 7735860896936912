/* SPDX-License-Identifier: BSD-3-Clause */
/* Fuzz target: any bytes as a frame from a guest. The parser must decide
 * (continue or drop with a reason) without reading past the frame. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "node_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A private copy of exactly size bytes, so ASan sees any overread. */
	uint8_t *frame = malloc(size ? size : 1);
	struct pkt_meta m;

	if (!frame)
		return 0;
	memcpy(frame, data, size);
	parse_frame(frame, (uint32_t)size, &m);
	if (m.verdict == VERDICT_DROP && m.reason >= VG_DROP_MAX)
		__builtin_trap();
	if (m.verdict == VERDICT_CONTINUE && m.l4_off > size)
		__builtin_trap();
	free(frame);
	return 0;
}
