/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SIMGUEST_MEM_H
#define SIMGUEST_MEM_H

#include <stddef.h>
#include <stdint.h>

/*
 * The guest's memory: one memfd region that the backend maps too.
 * "Guest physical" addresses (what descriptors carry) are offsets into
 * it; ring addresses in SET_VRING_ADDR are where we mapped it, because
 * vhost-user rings are given in the frontend's own address space.
 */
struct guest_mem {
	int fd;           /* -1 when not created */
	uint8_t *base;
	size_t size;
};

/* Creates and maps a zeroed region of size bytes.  0 or -errno. */
int guest_mem_create(struct guest_mem *m, size_t size);

/* Unmaps and closes; safe on a region never created. */
void guest_mem_destroy(struct guest_mem *m);

static inline uint64_t guest_mem_gpa(const struct guest_mem *m, const void *p)
{
	return (uint64_t)((const uint8_t *)p - m->base);
}

#endif
