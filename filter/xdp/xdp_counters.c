/* SPDX-License-Identifier: BSD-3-Clause */
#include "xdp_counters.h"

#include <errno.h>
#include <stdlib.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

static const char *const names[XDP_CNT_MAX] = {
#define _(id, name, text) [VG_DROP_##id] = name,
	VG_DROP_REASONS(_)
#undef _
	[XDP_CNT_FORWARDED] = "forwarded",
	[XDP_CNT_ANSWERED] = "answered",
	[XDP_CNT_TO_HOST] = "to_host",
};

const char *xdp_counter_name(unsigned slot)
{
	return slot < XDP_CNT_MAX ? names[slot] : "?";
}

int xdp_counters_read(int fd, uint64_t out[XDP_CNT_MAX])
{
	int ncpu = libbpf_num_possible_cpus();
	uint64_t *v;

	if (ncpu <= 0)
		return ncpu < 0 ? ncpu : -EINVAL;
	v = calloc((size_t)ncpu, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (__u32 slot = 0; slot < XDP_CNT_MAX; slot++) {
		out[slot] = 0;
		if (bpf_map_lookup_elem(fd, &slot, v) < 0) {
			int r = -errno;

			free(v);
			return r;
		}
		for (int c = 0; c < ncpu; c++)
			out[slot] += v[c];
	}
	free(v);
	return 0;
}

int xdp_counters_print(int fd, FILE *f, int json)
{
	uint64_t c[XDP_CNT_MAX];
	int r = xdp_counters_read(fd, c);

	if (r < 0)
		return r;
	if (json)
		fputc('{', f);
	for (unsigned i = 0; i < XDP_CNT_MAX; i++) {
		if (json)
			fprintf(f, "%s\"%s\": %llu", i ? ", " : "", names[i],
				(unsigned long long)c[i]);
		else
			fprintf(f, "%-18s %llu\n", names[i], (unsigned long long)c[i]);
	}
	if (json)
		fputs("}\n", f);
	fflush(f);
	return 0;
}
