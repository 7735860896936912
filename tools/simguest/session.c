/* SPDX-License-Identifier: BSD-3-Clause */
/* A backend connection: fresh memory and rings, then the handshake. */
#include <errno.h>
#include <unistd.h>
#include <linux/virtio_config.h>

#include "simguest.h"
#include "vhost_user.h"

#define GUEST_MEM_SIZE (4u << 20)
#define RXQ_RING_OFF 0x0000
#define TXQ_RING_OFF 0x4000
#define RXQ_BUF_OFF 0x10000
#define TXQ_BUF_OFF (RXQ_BUF_OFF + VQ_BUFS_BYTES)

_Static_assert(TXQ_RING_OFF >= RXQ_RING_OFF + VQ_RING_BYTES, "rings overlap");
_Static_assert(RXQ_BUF_OFF >= TXQ_RING_OFF + VQ_RING_BYTES, "rings overlap buffers");
_Static_assert(TXQ_BUF_OFF + VQ_BUFS_BYTES <= GUEST_MEM_SIZE, "guest memory too small");

/* Kick last: DPDK maps the ring addresses and, without protocol
 * features, enables the ring when it gets the kick fd. */
static int setup_queue(int fd, uint32_t index, const struct virtqueue *vq)
{
	int rc;

	if ((rc = vu_set_vring_num(fd, index, VQ_SIZE)) < 0 ||
	    (rc = vu_set_vring_base(fd, index, 0)) < 0 ||
	    (rc = vu_set_vring_addr(fd, index, vq)) < 0 ||
	    (rc = vu_set_vring_call(fd, index, vq->call_fd)) < 0 ||
	    (rc = vu_set_vring_kick(fd, index, vq->kick_fd)) < 0)
		return rc;
	return 0;
}

static int handshake(struct simguest *sg, int fd)
{
	/* Protocol features stay off (rings start enabled on kick); so do
	 * mergeable buffers, offloads, event idx and indirect descriptors. */
	const uint64_t wanted = 1ULL << VIRTIO_F_VERSION_1;
	uint64_t features;
	int rc;

	if ((rc = vu_set_owner(fd)) < 0 || (rc = vu_get_features(fd, &features)) < 0)
		return rc;
	if ((features & wanted) != wanted)
		return -ENOTSUP;
	if ((rc = vu_set_features(fd, wanted)) < 0 ||
	    (rc = vu_set_mem_table(fd, &sg->mem)) < 0 ||
	    (rc = setup_queue(fd, SG_RXQ, &sg->rxq)) < 0 ||
	    (rc = setup_queue(fd, SG_TXQ, &sg->txq)) < 0)
		return rc;
	return 0;
}

static void release(struct simguest *sg)
{
	vq_fini(&sg->rxq);
	vq_fini(&sg->txq);
	guest_mem_destroy(&sg->mem);
	sg->tap_paused = false;
}

int session_start(struct simguest *sg, int fd)
{
	int rc;

	rc = guest_mem_create(&sg->mem, GUEST_MEM_SIZE);
	if (rc == 0)
		rc = vq_init(&sg->rxq, &sg->mem, RXQ_RING_OFF, RXQ_BUF_OFF);
	if (rc == 0)
		rc = vq_init(&sg->txq, &sg->mem, TXQ_RING_OFF, TXQ_BUF_OFF);
	if (rc == 0)
		rc = handshake(sg, fd);
	if (rc < 0) {
		close(fd);
		release(sg);
		return rc;
	}
	sg->conn_fd = fd;
	rx_fill(sg);
	return 0;
}

void session_stop(struct simguest *sg)
{
	if (sg->conn_fd < 0)
		return;
	sg->counters[SG_DROP_TX_INFLIGHT] += sg->txq.n_outstanding;
	close(sg->conn_fd);
	sg->conn_fd = -1;
	release(sg);
}
