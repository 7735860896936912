/* SPDX-License-Identifier: BSD-3-Clause */
/* Drops UDP datagrams whose payload starts with PATTERN (default "DROP";
 * rebuild with -DPATTERN='"..."' for another, at most the bytes the
 * context holds past the headers). Everything else passes, including a
 * datagram too short to hold the pattern. */
#include "vmgate_bpf.h"

#ifndef PATTERN
#define PATTERN "DROP"
#endif

#define UDP 17
#define UDP_HEADER 8

VG_BPF_PROGRAM("filter")
vg_bpf_u64 drop_payload_pattern(const struct vg_bpf_ctx *ctx)
{
	static const char pattern[] = PATTERN;
	vg_bpf_u32 payload = ctx->l4_off + UDP_HEADER;

	if (ctx->l4_proto != UDP || ctx->l4_off == 0 ||
	    payload + sizeof(pattern) - 1 > ctx->data_len)
		return VG_BPF_PASS;
#pragma unroll
	for (vg_bpf_u32 i = 0; i < sizeof(pattern) - 1; i++)
		if (vg_bpf_byte(ctx, payload + i) != (vg_bpf_u8)pattern[i])
			return VG_BPF_PASS;
	return VG_BPF_DROP;
}
