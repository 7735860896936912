/* SPDX-License-Identifier: BSD-3-Clause */
/* authd's listening sockets: the gateway's control address (IPv4 and/or
 * IPv6) and attestation.port. The address lives on the dataplane's punt
 * TAP, which may come up after authd: the sockets bind it regardless
 * (IP_FREEBIND) and accept once it exists. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "authd.h"

static int listen_on(int family, const void *addr, uint16_t port)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t len;
	int one = 1, fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	if (fd < 0)
		return -errno;
	if (family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		memcpy(&s4->sin_addr, addr, 4);
		len = sizeof(*s4);
		setsockopt(fd, IPPROTO_IP, IP_FREEBIND, &one, sizeof(one));
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		memcpy(&s6->sin6_addr, addr, 16);
		len = sizeof(*s6);
		setsockopt(fd, IPPROTO_IPV6, IPV6_FREEBIND, &one, sizeof(one));
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) < 0 || listen(fd, 64) < 0) {
		int r = -errno;

		close(fd);
		return r;
	}
	return fd;
}

int authd_listen(struct authd *a)
{
	const struct vg_gateway *g = &a->cfg->gateway;
	uint16_t port = a->cfg->attestation.port;

	a->listen_fd[0] = a->listen_fd[1] = -1;
	if (g->has_control_ipv4 &&
	    (a->listen_fd[0] = listen_on(AF_INET, g->control_ipv4.addr, port)) < 0) {
		AUTHD_LOG("cannot listen on the control IPv4 address, port %u: %s", port,
			  strerror(-a->listen_fd[0]));
		return a->listen_fd[0];
	}
	if (g->has_control_ipv6 &&
	    (a->listen_fd[1] = listen_on(AF_INET6, g->control_ipv6.addr, port)) < 0) {
		AUTHD_LOG("cannot listen on the control IPv6 address, port %u: %s", port,
			  strerror(-a->listen_fd[1]));
		return a->listen_fd[1];
	}
	return 0;
}
