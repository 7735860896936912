/* SPDX-License-Identifier: BSD-3-Clause */
#include "vhost_user.h"

#include <stdint.h>

#include "vhost_user_io.h"

enum vhost_user_request {
	VHOST_USER_GET_FEATURES = 1,
	VHOST_USER_SET_FEATURES = 2,
	VHOST_USER_SET_OWNER = 3,
	VHOST_USER_SET_MEM_TABLE = 5,
	VHOST_USER_SET_VRING_NUM = 8,
	VHOST_USER_SET_VRING_ADDR = 9,
	VHOST_USER_SET_VRING_BASE = 10,
	VHOST_USER_SET_VRING_KICK = 12,
	VHOST_USER_SET_VRING_CALL = 13,
};

struct vu_vring_state {
	uint32_t index;
	uint32_t num;
};

struct vu_vring_addr {
	uint32_t index;
	uint32_t flags;
	uint64_t desc_user_addr;
	uint64_t used_user_addr;
	uint64_t avail_user_addr;
	uint64_t log_guest_addr;
};

struct vu_mem_region {
	uint64_t guest_phys_addr;
	uint64_t memory_size;
	uint64_t userspace_addr;
	uint64_t mmap_offset;
};

struct vu_mem_table {
	uint32_t nregions;
	uint32_t padding;
	struct vu_mem_region regions[1];
};

_Static_assert(sizeof(struct vu_vring_addr) == 40, "vhost-user vring address layout");
_Static_assert(sizeof(struct vu_mem_table) == 40, "vhost-user memory table layout");

int vu_set_owner(int fd)
{
	return vu_send(fd, VHOST_USER_SET_OWNER, NULL, 0, -1);
}

int vu_get_features(int fd, uint64_t *features)
{
	int rc = vu_send(fd, VHOST_USER_GET_FEATURES, NULL, 0, -1);

	if (rc < 0)
		return rc;
	return vu_recv_reply(fd, VHOST_USER_GET_FEATURES, features, sizeof(*features));
}

int vu_set_features(int fd, uint64_t features)
{
	return vu_send(fd, VHOST_USER_SET_FEATURES, &features, sizeof(features), -1);
}

int vu_set_mem_table(int fd, const struct guest_mem *m)
{
	struct vu_mem_table t = {
		.nregions = 1,
		.regions[0] = {
			.guest_phys_addr = 0,
			.memory_size = m->size,
			.userspace_addr = (uint64_t)(uintptr_t)m->base,
			.mmap_offset = 0,
		},
	};

	return vu_send(fd, VHOST_USER_SET_MEM_TABLE, &t, sizeof(t), m->fd);
}

static int set_vring_state(int fd, uint32_t request, uint32_t index, uint32_t num)
{
	struct vu_vring_state s = { .index = index, .num = num };

	return vu_send(fd, request, &s, sizeof(s), -1);
}

int vu_set_vring_num(int fd, uint32_t index, uint32_t num)
{
	return set_vring_state(fd, VHOST_USER_SET_VRING_NUM, index, num);
}

int vu_set_vring_base(int fd, uint32_t index, uint32_t base)
{
	return set_vring_state(fd, VHOST_USER_SET_VRING_BASE, index, base);
}

int vu_set_vring_addr(int fd, uint32_t index, const struct virtqueue *vq)
{
	/* No VHOST_VRING_F_LOG: log_guest_addr is ignored. */
	struct vu_vring_addr a = {
		.index = index,
		.desc_user_addr = (uint64_t)(uintptr_t)vq->desc,
		.used_user_addr = (uint64_t)(uintptr_t)vq->used,
		.avail_user_addr = (uint64_t)(uintptr_t)vq->avail,
	};

	return vu_send(fd, VHOST_USER_SET_VRING_ADDR, &a, sizeof(a), -1);
}

/* Payload: bits 0-7 the queue index; the eventfd rides as SCM_RIGHTS. */
static int set_vring_fd(int fd, uint32_t request, uint32_t index, int efd)
{
	uint64_t v = index & 0xff;

	return vu_send(fd, request, &v, sizeof(v), efd);
}

int vu_set_vring_call(int fd, uint32_t index, int efd)
{
	return set_vring_fd(fd, VHOST_USER_SET_VRING_CALL, index, efd);
}

int vu_set_vring_kick(int fd, uint32_t index, int efd)
{
	return set_vring_fd(fd, VHOST_USER_SET_VRING_KICK, index, efd);
}
