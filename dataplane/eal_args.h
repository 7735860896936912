/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_EAL_ARGS_H
#define VG_EAL_ARGS_H

#include <stdbool.h>

#include "vg_config.h"

#define EAL_ARGS_MAX 32

struct eal_args {
	int argc;
	char *argv[EAL_ARGS_MAX + 1];  /* for rte_eal_init, which rearranges it */
	char *owned[EAL_ARGS_MAX + 1]; /* the same strings, for freeing */
	bool hugepages;                /* what was chosen */
};

/* The EAL command line for cfg: the first core as the main lcore, memory
 * from hugepages when cfg asks for them or (auto) when enough are free and
 * mounted, else memfd-backed memory; no PCI; extra (n_extra strings, may be
 * 0) appended. 0 or -errno. Free with eal_args_free. */
int eal_args_build(const struct vg_config *cfg, const char *prog, int n_extra,
		   char **extra, struct eal_args *out);
void eal_args_free(struct eal_args *a);

/* rte_eal_cleanup, then removes EAL's runtime directory for this file
 * prefix (left behind empty even without shared config). Returns what
 * rte_eal_cleanup returned. */
int eal_shutdown(void);

#endif
