/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_BPF_PROG_H
#define VG_BPF_PROG_H

/*
 * Operator-supplied eBPF filter programs, run by DPDK's rte_bpf: loaded
 * from an ELF object (checked with libbpf first, so that a bad object is
 * refused with a reason), validated by rte_bpf's verifier against the
 * context of vmgate_bpf.h, and JIT-compiled where DPDK has a JIT (else
 * interpreted). Knows objects and contexts, not frames or rules: the
 * dataplane fills the context and keeps the counters.
 *
 * Loading logs and swaps the libbpf and DPDK log sinks for a moment: call
 * it from one thread (the control thread). Running is for any thread.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_bpf.h>

#include "vmgate_bpf.h"

struct vg_bpf_prog {
	uint64_t (*jit)(void *ctx);   /* NULL: interpreted */
	struct rte_bpf *bpf;
	bool btf;                     /* the object had BTF: the context type was checked */
};

/* Loads the program in section of the ELF file object into p. 0, or a
 * negative errno with what is wrong in err (a sentence, without the
 * program's name): not an ELF file, no such section (and the sections
 * there are), maps, a function of another context type (when the object
 * has BTF), or the verifier's reason. */
int vg_bpf_prog_load(struct vg_bpf_prog *p, const char *object, const char *section,
		     char *err, size_t size);
void vg_bpf_prog_unload(struct vg_bpf_prog *p);

/* The program's verdict on ctx: VG_BPF_DROP (0) or anything else to pass. */
static inline uint64_t vg_bpf_prog_run(const struct vg_bpf_prog *p, struct vg_bpf_ctx *ctx)
{
	return p->jit ? p->jit(ctx) : rte_bpf_exec(p->bpf, ctx);
}

#endif
