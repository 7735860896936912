/* SPDX-License-Identifier: BSD-3-Clause */
/* For tests: reads past the end of the context, which the verifier must
 * refuse at load. */
#include "vmgate_bpf.h"

VG_BPF_PROGRAM("filter")
vg_bpf_u64 oob_read(const struct vg_bpf_ctx *ctx)
{
	const volatile vg_bpf_u8 *p = (const volatile vg_bpf_u8 *)ctx;

	return p[sizeof(*ctx) + 64];
}
