/* SPDX-License-Identifier: BSD-3-Clause */
#include "eal_args.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>

/* Free 2 MB-or-larger pages cover memory_mb, and hugetlbfs is mounted. */
static bool hugepages_available(uint32_t memory_mb)
{
	unsigned long free_pages = 0, page_kb = 0;
	bool mounted = false;
	char line[256];
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		sscanf(line, "HugePages_Free: %lu", &free_pages);
		sscanf(line, "Hugepagesize: %lu kB", &page_kb);
	}
	fclose(f);
	f = fopen("/proc/mounts", "r");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		mounted |= strstr(line, " hugetlbfs ") != NULL;
	fclose(f);
	return mounted && free_pages * page_kb >= (unsigned long)memory_mb * 1024;
}

static int add(struct eal_args *a, const char *fmt, const char *s, long v)
{
	char *arg = NULL;

	if (a->argc >= EAL_ARGS_MAX)
		return -E2BIG;
	if (asprintf(&arg, fmt, s ? s : "", v) < 0)
		return -ENOMEM;
	a->owned[a->argc] = arg;
	a->argv[a->argc++] = arg;
	return 0;
}

int eal_args_build(const struct vg_config *cfg, const char *prog, int n_extra,
		   char **extra, struct eal_args *a)
{
	const struct vg_gateway *g = &cfg->gateway;
	int r = 0;

	memset(a, 0, sizeof(*a));
	a->hugepages = g->hugepages == VG_HUGEPAGES_ON ||
		       (g->hugepages == VG_HUGEPAGES_AUTO && hugepages_available(g->memory_mb));
	r |= add(a, "%s", prog, 0);
	r |= add(a, "-l%s%ld", "", g->cores[0]);
	r |= add(a, "-m%s%ld", "", g->memory_mb);
	r |= add(a, "--file-prefix=vmgate-%s-%ld", g->name, (long)getpid());
	r |= add(a, "--no-pci%s", "", 0);
	r |= add(a, "--no-telemetry%s", "", 0);
	/* Hugepage files would outlive a crash and eat the pages; memfd
	 * memory (no hugepages) cannot be combined with --in-memory. */
	r |= a->hugepages ? add(a, "--in-memory%s", "", 0) : add(a, "--no-huge%s", "", 0);
	/* Without hugepages, memory reserved whole at start (legacy mode)
	 * copies 1500-byte frames at two thirds of the cycles of memory
	 * mapped page by page (docs/benchmarks.md). */
	if (!a->hugepages)
		r |= add(a, "--no-shconf%s", "", 0) | add(a, "--legacy-mem%s", "", 0);
	for (int i = 0; i < n_extra; i++)
		r |= add(a, "%s", extra[i], 0);
	if (r) {
		eal_args_free(a);
		return -E2BIG;
	}
	return 0;
}

int eal_shutdown(void)
{
	char dir[PATH_MAX];
	int r;

	snprintf(dir, sizeof(dir), "%s", rte_eal_get_runtime_dir());
	r = rte_eal_cleanup();
	rmdir(dir);  /* fails harmlessly if something still lives there */
	return r;
}

void eal_args_free(struct eal_args *a)
{
	for (int i = 0; i < a->argc; i++)
		free(a->owned[i]);
	a->argc = 0;
}
