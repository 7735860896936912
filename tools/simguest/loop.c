/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The event loop.  Everything sleeps in one epoll_wait: the TAP, both
 * call eventfds, the socket(s) and a signalfd.  The only timeout is the
 * 100 ms connect retry of client mode while no backend is there.
 */
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "endpoint.h"
#include "log.h"
#include "simguest.h"

#define RETRY_MS 100

enum ev_tag { EV_SIGNAL, EV_LISTEN, EV_CONN, EV_TAP, EV_RX_CALL, EV_TX_CALL };

struct loop {
	int ep;
	uint32_t tap_events;       /* what epoll watches on the TAP now */
	int64_t next_connect;      /* client mode: ms, CLOCK_MONOTONIC */
	int last_connect_err;      /* client mode: log a failure once */
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int watch(struct loop *l, int op, int fd, enum ev_tag tag, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.u32 = tag };

	return epoll_ctl(l->ep, op, fd, &ev) < 0 ? -errno : 0;
}

/* The TAP is read unless the transmitq is full. */
static int sync_tap(struct loop *l, struct simguest *sg)
{
	uint32_t want = sg->conn_fd >= 0 && sg->tap_paused ? 0 : EPOLLIN;

	if (want == l->tap_events)
		return 0;
	l->tap_events = want;
	return watch(l, EPOLL_CTL_MOD, sg->tap_fd, EV_TAP, want);
}

static void on_connection(struct loop *l, struct simguest *sg, int fd)
{
	int rc = session_start(sg, fd);

	if (rc < 0) {
		log_info("backend setup failed: %s", strerror(-rc));
		if (rc == -EPROTO)
			sg->counters[SG_PROTO_ERROR]++;
		l->next_connect = now_ms() + RETRY_MS;
		return;
	}
	if ((rc = watch(l, EPOLL_CTL_ADD, sg->conn_fd, EV_CONN, EPOLLIN | EPOLLRDHUP)) < 0 ||
	    (rc = watch(l, EPOLL_CTL_ADD, sg->rxq.call_fd, EV_RX_CALL, EPOLLIN)) < 0 ||
	    (rc = watch(l, EPOLL_CTL_ADD, sg->txq.call_fd, EV_TX_CALL, EPOLLIN)) < 0) {
		log_info("backend setup failed: %s", strerror(-rc));
		session_stop(sg);
		l->next_connect = now_ms() + RETRY_MS;
		return;
	}
	/* One backend at a time; a second waits in the listen backlog. */
	if (sg->listen_fd >= 0)
		watch(l, EPOLL_CTL_MOD, sg->listen_fd, EV_LISTEN, 0);
	log_info("backend connected");
}

static void disconnect(struct loop *l, struct simguest *sg, const char *why)
{
	/* Closing the fds takes them out of the epoll set. */
	session_stop(sg);
	log_info("backend disconnected: %s", why);
	if (sg->listen_fd >= 0)
		watch(l, EPOLL_CTL_MOD, sg->listen_fd, EV_LISTEN, EPOLLIN);
	l->next_connect = now_ms() + RETRY_MS;
}

static void try_connect(struct loop *l, struct simguest *sg)
{
	int fd = endpoint_connect(sg->socket_path);

	l->next_connect = now_ms() + RETRY_MS;
	if (fd >= 0) {
		l->last_connect_err = 0;
		on_connection(l, sg, fd);
		return;
	}
	/* "Not there yet" is the normal state; anything else once. */
	if (fd != -ENOENT && fd != -ECONNREFUSED && fd != -EAGAIN && fd != l->last_connect_err)
		log_info("connect %s: %s", sg->socket_path, strerror(-fd));
	l->last_connect_err = fd;
}

/* The backend has nothing to say on this socket without protocol
 * features: any byte is a fault, end of file a disconnect. */
static void on_conn_event(struct loop *l, struct simguest *sg)
{
	char b[64];
	ssize_t n = recv(sg->conn_fd, b, sizeof(b), MSG_DONTWAIT);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n == 0) {
		disconnect(l, sg, "connection closed");
	} else if (n > 0) {
		sg->counters[SG_PROTO_ERROR]++;
		disconnect(l, sg, "unexpected message");
	} else {
		disconnect(l, sg, strerror(errno));
	}
}

static void on_ring_result(struct loop *l, struct simguest *sg, int rc)
{
	if (rc == -EPROTO) {
		sg->counters[SG_PROTO_ERROR]++;
		disconnect(l, sg, "ring protocol violation");
	}
}

/* Returns 1 to stop (signal), 0 to go on, -errno on a local failure. */
static int dispatch(struct loop *l, struct simguest *sg, enum ev_tag tag)
{
	struct signalfd_siginfo si;
	int fd, rc;

	switch (tag) {
	case EV_SIGNAL:
		if (read(sg->sig_fd, &si, sizeof(si)) != sizeof(si))
			return 0;
		return 1;
	case EV_LISTEN:
		if (sg->conn_fd >= 0)
			return 0;
		fd = endpoint_accept(sg->listen_fd);
		if (fd >= 0)
			on_connection(l, sg, fd);
		return 0;
	case EV_CONN:
		if (sg->conn_fd >= 0)
			on_conn_event(l, sg);
		return 0;
	case EV_TAP:
		if (sg->conn_fd < 0)
			return tx_discard(sg);
		rc = tx_from_tap(sg);
		if (rc == -EPROTO) {
			on_ring_result(l, sg, rc);
			return 0;
		}
		return rc;
	case EV_RX_CALL:
		/* The event may predate a disconnect earlier in this batch. */
		if (sg->conn_fd >= 0) {
			vq_ack_call(&sg->rxq);
			on_ring_result(l, sg, rx_drain(sg));
		}
		return 0;
	case EV_TX_CALL:
		if (sg->conn_fd >= 0) {
			vq_ack_call(&sg->txq);
			on_ring_result(l, sg, tx_reclaim(sg));
		}
		return 0;
	}
	return 0;
}

int loop_run(struct simguest *sg)
{
	struct loop l = { .tap_events = EPOLLIN, .next_connect = now_ms() };
	struct epoll_event evs[8];
	int rc = 0;

	l.ep = epoll_create1(EPOLL_CLOEXEC);
	if (l.ep < 0)
		return -errno;
	if ((rc = watch(&l, EPOLL_CTL_ADD, sg->sig_fd, EV_SIGNAL, EPOLLIN)) < 0 ||
	    (rc = watch(&l, EPOLL_CTL_ADD, sg->tap_fd, EV_TAP, EPOLLIN)) < 0 ||
	    (sg->listen_fd >= 0 &&
	     (rc = watch(&l, EPOLL_CTL_ADD, sg->listen_fd, EV_LISTEN, EPOLLIN)) < 0))
		goto out;

	while (rc == 0) {
		int timeout = -1, n;

		if (sg->client && sg->conn_fd < 0) {
			int64_t wait = l.next_connect - now_ms();

			if (wait <= 0) {
				try_connect(&l, sg);
				wait = sg->conn_fd < 0 ? RETRY_MS : -1;
			}
			timeout = (int)wait;
		}
		n = epoll_wait(l.ep, evs, 8, timeout);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			break;
		}
		for (int i = 0; i < n && rc == 0; i++)
			rc = dispatch(&l, sg, evs[i].data.u32);
		if (rc == 0)
			rc = sync_tap(&l, sg);
	}
out:
	close(l.ep);
	return rc < 0 ? rc : 0;
}
