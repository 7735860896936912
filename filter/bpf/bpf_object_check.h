/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_BPF_OBJECT_CHECK_H
#define VG_BPF_OBJECT_CHECK_H

#include <stdbool.h>
#include <stddef.h>

/* Reads object with libbpf and checks what rte_bpf would not explain: an
 * ELF file of BPF, one function in section, no maps, and (when the object
 * carries BTF; *btf says so) a function that takes a struct vg_bpf_ctx
 * pointer of this dataplane's size. 0, or -EINVAL with the reason in err. */
int vg_bpf_object_check(const char *object, const char *section, bool *btf,
			char *err, size_t size);

#endif
