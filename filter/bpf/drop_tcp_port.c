/* SPDX-License-Identifier: BSD-3-Clause */
/* Drops TCP segments to PORT (default 23, telnet), whatever the rule that
 * allowed them says about ports. */
#include "vmgate_bpf.h"

#ifndef PORT
#define PORT 23
#endif

#define TCP 6

VG_BPF_PROGRAM("filter")
vg_bpf_u64 drop_tcp_port(const struct vg_bpf_ctx *ctx)
{
	if (ctx->l4_proto != TCP || ctx->l4_off == 0)
		return VG_BPF_PASS;
	return vg_bpf_be16(ctx, ctx->l4_off + 2u) == PORT ? VG_BPF_DROP : VG_BPF_PASS;
}
