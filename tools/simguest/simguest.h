/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SIMGUEST_H
#define SIMGUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "counters.h"
#include "mem.h"
#include "virtqueue.h"

/* virtio-net queue numbers: the backend writes the receiveq, reads the
 * transmitq. */
#define SG_RXQ 0
#define SG_TXQ 1

/* With VIRTIO_F_VERSION_1 every frame is preceded by a 12-byte
 * struct virtio_net_hdr_v1: all zero from us (no offloads), skipped
 * from the backend. */
#define SG_VNET_HDR_LEN 12
/* The largest frame we take: MTU 1500, Ethernet header, a VLAN tag. */
#define SG_FRAME_MAX 1518

/* One simulated guest.  conn_fd < 0: no backend; mem and the queues are
 * then unset and TAP frames are discarded (and counted). */
struct simguest {
	const char *socket_path;
	bool client;             /* --client: we connect, the backend listens */
	int listen_fd;           /* server mode only, else -1 */
	int conn_fd;
	int tap_fd;
	int sig_fd;
	bool tap_paused;         /* transmitq full: TAP reading stopped */
	struct guest_mem mem;
	struct virtqueue rxq, txq;
	uint64_t counters[SG_COUNTER_MAX];
};

/* Sets up fresh guest memory and both queues on connection fd and runs
 * the vhost-user handshake.  Takes fd: on failure everything is closed.
 * 0 or -errno (-ENOTSUP if the backend lacks VIRTIO_F_VERSION_1). */
int session_start(struct simguest *sg, int fd);

/* Closes the connection and releases its memory and queues; frames the
 * backend still held are counted as dropped. */
void session_stop(struct simguest *sg);

/* Posts every free receive buffer. */
void rx_fill(struct simguest *sg);

/* Writes received frames to the TAP and reposts their buffers.
 * 0, or -EPROTO when the backend broke the ring protocol. */
int rx_drain(struct simguest *sg);

/* Moves frames from the TAP to the transmitq until the TAP is empty or
 * the ring is full (then sets tap_paused).  0; -EPROTO for a backend
 * fault; another negative errno when the TAP itself failed. */
int tx_from_tap(struct simguest *sg);

/* Takes back the buffers the backend has sent; clears tap_paused when
 * one came back.  0 or -EPROTO. */
int tx_reclaim(struct simguest *sg);

/* Reads and drops what the TAP holds while no backend is connected.
 * 0 or, when the TAP failed, -errno. */
int tx_discard(struct simguest *sg);

/* Serves connections, the TAP and the rings until SIGTERM/SIGINT (0) or
 * a local failure (-errno). */
int loop_run(struct simguest *sg);

#endif
