/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SIMGUEST_VIRTQUEUE_H
#define SIMGUEST_VIRTQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/virtio_ring.h>

#include "mem.h"

#define VQ_SIZE 256
/* Descriptor i always points at buffer i: VQ_BUF_STRIDE bytes each. */
#define VQ_BUF_STRIDE 2048
/* desc (16 * 256) | avail (4 + 2 * 256) | used (4 + 8 * 256), a page each. */
#define VQ_RING_BYTES (3 * 4096)
#define VQ_BUFS_BYTES ((size_t)VQ_SIZE * VQ_BUF_STRIDE)

/*
 * One split virtqueue, driver side.  The rings live in memory the backend
 * can write, so everything we rely on (next avail index, which ids the
 * backend holds, buffer addresses) is kept here, never read back.
 */
struct virtqueue {
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint8_t *bufs;
	uint64_t bufs_gpa;
	uint16_t avail_idx;            /* next avail->idx we publish */
	uint16_t last_used;            /* next used entry to consume */
	uint16_t n_free;
	uint16_t n_outstanding;        /* ids the backend holds */
	uint16_t free_ids[VQ_SIZE];
	bool outstanding[VQ_SIZE];
	int call_fd;                   /* backend -> us: used buffers */
	int kick_fd;                   /* us -> backend: new avail buffers */
};

/* Lays the queue out in m at the given offsets, every id free, and
 * creates its eventfds.  0 or -errno. */
int vq_init(struct virtqueue *vq, struct guest_mem *m, size_t ring_off, size_t buf_off);

/* Closes the eventfds; the memory goes with the guest_mem. */
void vq_fini(struct virtqueue *vq);

static inline uint8_t *vq_buf(const struct virtqueue *vq, uint16_t id)
{
	return vq->bufs + (size_t)id * VQ_BUF_STRIDE;
}

/* A free id, or -ENOBUFS when the backend holds them all. */
int vq_take_free(struct virtqueue *vq);
void vq_give_free(struct virtqueue *vq, uint16_t id);

/* Hands buffer id (len bytes, VRING_DESC_F_* flags) to the backend;
 * it sees it after vq_flush(). */
void vq_publish(struct virtqueue *vq, uint16_t id, uint32_t len, uint16_t flags);

/* Makes published buffers visible and kicks unless the backend asked us
 * not to (it polls). */
void vq_flush(struct virtqueue *vq);

/* Drains the call eventfd, so the next wakeup means new used entries. */
void vq_ack_call(struct virtqueue *vq);

/* The next used buffer: 1 and *id, *len; 0 if none; -EPROTO if the
 * backend returned an id it does not hold or skipped the index ahead. */
int vq_next_used(struct virtqueue *vq, uint16_t *id, uint32_t *len);

#endif
