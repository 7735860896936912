/* SPDX-License-Identifier: BSD-3-Clause */
/* TAP -> transmitq: frames go straight into ring buffers. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "simguest.h"

/* Frames per wakeup before the batch is published and other fds get a
 * turn; the TAP stays readable, so the loop comes back. */
#define TX_BURST 64

int tx_reclaim(struct simguest *sg)
{
	struct virtqueue *vq = &sg->txq;
	unsigned int n = 0;
	uint32_t len;
	uint16_t id;
	int rc;

	while ((rc = vq_next_used(vq, &id, &len)) > 0) {
		vq_give_free(vq, id);
		n++;
	}
	if (n)
		sg->tap_paused = false;
	return rc;
}

/* One frame into a free buffer: 1 sent, 0 the TAP is empty, or -errno. */
static int send_one(struct simguest *sg, uint16_t id)
{
	uint8_t *buf = vq_buf(&sg->txq, id);
	ssize_t n;

	n = read(sg->tap_fd, buf + SG_VNET_HDR_LEN, VQ_BUF_STRIDE - SG_VNET_HDR_LEN);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	if (n == 0)
		return 0;
	memset(buf, 0, SG_VNET_HDR_LEN);
	vq_publish(&sg->txq, id, (uint32_t)(SG_VNET_HDR_LEN + n), 0);
	sg->counters[SG_TX]++;
	return 1;
}

int tx_from_tap(struct simguest *sg)
{
	struct virtqueue *vq = &sg->txq;
	unsigned int sent = 0;
	int rc = 0;

	while (sent < TX_BURST) {
		int id = vq_take_free(vq);

		if (id < 0) {
			rc = tx_reclaim(sg);
			if (rc < 0)
				break;
			id = vq_take_free(vq);
		}
		if (id < 0) {
			/* Leave frames in the TAP queue until the backend
			 * returns buffers (its call wakes us). */
			sg->tap_paused = true;
			sg->counters[SG_TX_RING_FULL]++;
			break;
		}
		rc = send_one(sg, (uint16_t)id);
		if (rc <= 0) {
			vq_give_free(vq, (uint16_t)id);
			break;
		}
		rc = 0;
		sent++;
	}
	if (sent)
		vq_flush(vq);
	return rc;
}

int tx_discard(struct simguest *sg)
{
	uint8_t frame[VQ_BUF_STRIDE];

	for (int i = 0; i < TX_BURST; i++) {
		ssize_t n = read(sg->tap_fd, frame, sizeof(frame));

		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? 0 : -errno;
		sg->counters[SG_DROP_TX_NO_BACKEND]++;
	}
	return 0;
}
