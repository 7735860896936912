/* SPDX-License-Identifier: BSD-3-Clause */
#include "xdp_grants.h"

#include <errno.h>
#include <time.h>

#include <bpf/bpf.h>

#include "xdp_maps.h"

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static struct xdp_pair pair(uint32_t a, uint32_t b)
{
	return (struct xdp_pair){ .a = (__u16)(a < b ? a : b), .b = (__u16)(a < b ? b : a) };
}

int xdp_grant_add(int fd, const struct vg_config *cfg, uint32_t a, uint32_t b,
		  uint32_t ttl_s)
{
	struct xdp_pair k = pair(a, b);
	__u64 expiry = ttl_s ? now_ns() + (uint64_t)ttl_s * 1000000000u : XDP_GRANT_FOREVER;

	if (a >= cfg->n_guests || b >= cfg->n_guests || a == b)
		return -EINVAL;
	return bpf_map_update_elem(fd, &k, &expiry, BPF_ANY) < 0 ? -errno : 0;
}

int xdp_grant_revoke(int fd, const struct vg_config *cfg, uint32_t a, uint32_t b)
{
	uint64_t now = now_ns();
	int revoked = 0;

	if (a >= cfg->n_guests || (b != UINT32_MAX && (b >= cfg->n_guests || b == a)))
		return -EINVAL;
	for (uint32_t i = 0; i < cfg->n_guests; i++) {
		struct xdp_pair k = pair(a, i);
		__u64 expiry;

		if (i == a || (b != UINT32_MAX && i != b))
			continue;
		if (bpf_map_lookup_elem(fd, &k, &expiry) < 0)
			continue;
		revoked += expiry > now;
		bpf_map_delete_elem(fd, &k);
	}
	return revoked;
}
