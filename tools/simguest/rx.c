/* SPDX-License-Identifier: BSD-3-Clause */
/* receiveq -> TAP: the backend fills buffers we posted. */
#include <errno.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/virtio_net.h>

#include "simguest.h"

#define RX_BUF_LEN (SG_VNET_HDR_LEN + SG_FRAME_MAX)

_Static_assert(sizeof(struct virtio_net_hdr_v1) == SG_VNET_HDR_LEN, "virtio-net v1 header");
_Static_assert(RX_BUF_LEN <= VQ_BUF_STRIDE, "receive buffer larger than its slot");

void rx_fill(struct simguest *sg)
{
	int id;

	while ((id = vq_take_free(&sg->rxq)) >= 0)
		vq_publish(&sg->rxq, (uint16_t)id, RX_BUF_LEN, VRING_DESC_F_WRITE);
	vq_flush(&sg->rxq);
}

/* The length is the backend's word, so it is checked against what we
 * posted before the TAP sees a byte. */
static void deliver(struct simguest *sg, uint16_t id, uint32_t len)
{
	const uint8_t *frame = vq_buf(&sg->rxq, id) + SG_VNET_HDR_LEN;

	if (len < SG_VNET_HDR_LEN + ETH_HLEN || len > RX_BUF_LEN) {
		sg->counters[SG_DROP_RX_BAD_LEN]++;
		return;
	}
	/* A TAP write never waits for room; it fails (link down, ...) or
	 * takes the frame. */
	if (write(sg->tap_fd, frame, len - SG_VNET_HDR_LEN) < 0) {
		sg->counters[SG_DROP_RX_TAP]++;
		return;
	}
	sg->counters[SG_RX]++;
}

int rx_drain(struct simguest *sg)
{
	struct virtqueue *vq = &sg->rxq;
	unsigned int n = 0;
	uint32_t len;
	uint16_t id;
	int rc = 0;

	/* At most one ring's worth per wakeup: a backend that keeps
	 * returning buffers cannot keep us here forever. */
	while (n < VQ_SIZE && (rc = vq_next_used(vq, &id, &len)) > 0) {
		deliver(sg, id, len);
		vq_publish(vq, id, RX_BUF_LEN, VRING_DESC_F_WRITE);
		n++;
	}
	if (n)
		vq_flush(vq);
	return rc < 0 ? rc : 0;
}
