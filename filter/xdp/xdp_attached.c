/* SPDX-License-Identifier: BSD-3-Clause */
#include "xdp_attached.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#define MAX_MAPS 32

static const struct vg_guest *first_attached(const struct vg_config *cfg)
{
	for (size_t i = 0; i < cfg->n_guests; i++)
		if (cfg->guests[i].interface)
			return &cfg->guests[i];
	return NULL;
}

/* Keeps fd in a's slot for its map's name; closes it otherwise. */
static void keep_map(struct xdp_attached *a, int fd)
{
	struct bpf_map_info info = { 0 };
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len) == 0) {
		if (strcmp(info.name, "vg_counters") == 0 && a->counters < 0)
			return (void)(a->counters = fd);
		if (strcmp(info.name, "vg_grants") == 0 && a->grants < 0)
			return (void)(a->grants = fd);
		if (strcmp(info.name, "vg_sessions") == 0 && a->sessions < 0)
			return (void)(a->sessions = fd);
	}
	close(fd);
}

int xdp_attached_open(const struct vg_config *cfg, struct xdp_attached *a,
		      char *err, size_t size)
{
	const struct vg_guest *g = first_attached(cfg);
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	struct bpf_prog_info info = { 0 };
	__u32 ids[MAX_MAPS], len = sizeof(info), id;
	unsigned ifindex;
	int fd;

	a->counters = a->grants = a->sessions = -1;
	if (!g) {
		snprintf(err, size, "%s: no guest has an 'interface'", cfg->path);
		return -ENOENT;
	}
	ifindex = if_nametoindex(g->interface);
	if (!ifindex || bpf_xdp_query((int)ifindex, 0, &q) < 0) {
		snprintf(err, size, "interface '%s': %s", g->interface, strerror(errno));
		return -ENODEV;
	}
	id = q.prog_id ? q.prog_id : q.skb_prog_id ? q.skb_prog_id : q.drv_prog_id;
	if (!id) {
		snprintf(err, size, "interface '%s': no XDP program attached (is vmgate-xdp running?)",
			 g->interface);
		return -ENOENT;
	}
	fd = bpf_prog_get_fd_by_id(id);
	if (fd < 0) {
		snprintf(err, size, "XDP program %u: %s", id, strerror(errno));
		return -errno;
	}
	info.nr_map_ids = MAX_MAPS;
	info.map_ids = (__u64)(unsigned long)ids;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) < 0 ||
	    strcmp(info.name, "vg_xdp") != 0) {
		snprintf(err, size, "interface '%s': the XDP program attached is not vmgate-xdp's",
			 g->interface);
		close(fd);
		return -ENOENT;
	}
	close(fd);
	for (__u32 i = 0; i < info.nr_map_ids && i < MAX_MAPS; i++) {
		int mfd = bpf_map_get_fd_by_id(ids[i]);

		if (mfd >= 0)
			keep_map(a, mfd);
	}
	if (a->counters < 0 || a->grants < 0 || a->sessions < 0) {
		snprintf(err, size, "interface '%s': vmgate-xdp's maps are missing", g->interface);
		xdp_attached_close(a);
		return -ENOENT;
	}
	return 0;
}

void xdp_attached_close(struct xdp_attached *a)
{
	if (a->counters >= 0)
		close(a->counters);
	if (a->grants >= 0)
		close(a->grants);
	if (a->sessions >= 0)
		close(a->sessions);
	a->counters = a->grants = a->sessions = -1;
}
