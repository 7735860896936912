/* SPDX-License-Identifier: BSD-3-Clause */
/* For tests: a kernel-style program (an XDP context) that rte_bpf's
 * verifier would accept, and the BTF check must refuse. */
typedef unsigned int u32;

struct xdp_md {
	u32 data, data_end;
};

__attribute__((section("filter"), used))
int kernel_ctx(struct xdp_md *x)
{
	return x->data_end > x->data;
}
