/* SPDX-License-Identifier: BSD-3-Clause */
#include "virtqueue.h"

#include <errno.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

int vq_init(struct virtqueue *vq, struct guest_mem *m, size_t ring_off, size_t buf_off)
{
	uint8_t *ring = m->base + ring_off;

	memset(vq, 0, sizeof(*vq));
	vq->call_fd = vq->kick_fd = -1;
	if (ring_off + VQ_RING_BYTES > m->size || buf_off + VQ_BUFS_BYTES > m->size)
		return -ENOSPC;
	vq->desc = (struct vring_desc *)ring;
	vq->avail = (struct vring_avail *)(ring + 4096);
	vq->used = (struct vring_used *)(ring + 8192);
	vq->bufs = m->base + buf_off;
	vq->bufs_gpa = guest_mem_gpa(m, vq->bufs);
	/* Pop order is 0, 1, 2...: easier to read in a ring dump. */
	for (int i = 0; i < VQ_SIZE; i++)
		vq->free_ids[i] = (uint16_t)(VQ_SIZE - 1 - i);
	vq->n_free = VQ_SIZE;

	vq->call_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	vq->kick_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (vq->call_fd < 0 || vq->kick_fd < 0) {
		int err = -errno;

		vq_fini(vq);
		return err;
	}
	return 0;
}

void vq_fini(struct virtqueue *vq)
{
	if (vq->call_fd >= 0)
		close(vq->call_fd);
	if (vq->kick_fd >= 0)
		close(vq->kick_fd);
	memset(vq, 0, sizeof(*vq));
	vq->call_fd = vq->kick_fd = -1;
}

int vq_take_free(struct virtqueue *vq)
{
	if (!vq->n_free)
		return -ENOBUFS;
	return vq->free_ids[--vq->n_free];
}

void vq_give_free(struct virtqueue *vq, uint16_t id)
{
	vq->free_ids[vq->n_free++] = id;
}

void vq_publish(struct virtqueue *vq, uint16_t id, uint32_t len, uint16_t flags)
{
	/* Rewritten every time: the backend may have scribbled on it. */
	vq->desc[id] = (struct vring_desc){
		.addr = vq->bufs_gpa + (uint64_t)id * VQ_BUF_STRIDE,
		.len = len,
		.flags = flags,
		.next = 0,
	};
	vq->avail->ring[vq->avail_idx % VQ_SIZE] = id;
	vq->avail_idx++;
	vq->outstanding[id] = true;
	vq->n_outstanding++;
}

/* Writing an eventfd fails only with EAGAIN, when its counter is
 * saturated: the other side has a notification pending anyway. */
static void signal_fd(int fd)
{
	uint64_t one = 1;
	ssize_t n = write(fd, &one, sizeof(one));

	(void)n;
}

void vq_flush(struct virtqueue *vq)
{
	/* Descriptors and ring entries before the index that publishes them. */
	__atomic_store_n(&vq->avail->idx, vq->avail_idx, __ATOMIC_RELEASE);
	/* The index store before the flags load: otherwise the backend could
	 * re-enable notifications after we looked and miss this batch. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!(__atomic_load_n(&vq->used->flags, __ATOMIC_RELAXED) & VRING_USED_F_NO_NOTIFY))
		signal_fd(vq->kick_fd);
}

void vq_ack_call(struct virtqueue *vq)
{
	uint64_t n;
	/* EAGAIN (nothing pending) is fine: the caller looks at the ring
	 * either way. */
	ssize_t rc = read(vq->call_fd, &n, sizeof(n));

	(void)rc;
}

int vq_next_used(struct virtqueue *vq, uint16_t *id, uint32_t *len)
{
	uint16_t used_idx = __atomic_load_n(&vq->used->idx, __ATOMIC_ACQUIRE);
	uint16_t pending = (uint16_t)(used_idx - vq->last_used);
	struct vring_used_elem *e;
	uint32_t eid;

	if (!pending)
		return 0;
	if (pending > vq->n_outstanding)
		return -EPROTO;
	e = &vq->used->ring[vq->last_used % VQ_SIZE];
	/* Read each field once: the backend can change them under us. */
	eid = __atomic_load_n(&e->id, __ATOMIC_RELAXED);
	*len = __atomic_load_n(&e->len, __ATOMIC_RELAXED);
	if (eid >= VQ_SIZE || !vq->outstanding[eid])
		return -EPROTO;
	vq->last_used++;
	vq->outstanding[eid] = false;
	vq->n_outstanding--;
	*id = (uint16_t)eid;
	return 1;
}
