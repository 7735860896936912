/* SPDX-License-Identifier: BSD-3-Clause */
#include "punt_port.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/ipv6.h>

#include "ports.h"

int punt_port_open(const struct vg_config *cfg, char *iface, size_t size,
		   uint16_t *port_id)
{
	char args[128], mac[24];

	snprintf(iface, size, "vg-%.12s", cfg->gateway.name);
	vg_mac_format(&cfg->gateway.control_mac, mac, sizeof(mac));
	snprintf(args, sizeof(args), "iface=%s,mac=%s", iface, mac);
	return ports_probe("net_tap_vg", args, port_id);
}

static int set_ipv4(const char *iface, const struct vg_ip_prefix *p)
{
	struct ifreq ifr = { 0 };
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), r = 0;

	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", iface);
	sin->sin_family = AF_INET;
	memcpy(&sin->sin_addr, p->addr, 4);
	if (ioctl(fd, SIOCSIFADDR, &ifr) < 0)
		r = -errno;
	sin->sin_addr.s_addr = p->len ? htonl(~0u << (32 - p->len)) : 0;
	if (r == 0 && ioctl(fd, SIOCSIFNETMASK, &ifr) < 0)
		r = -errno;
	close(fd);
	return r;
}

static int set_ipv6(const char *iface, const struct vg_ip_prefix *p)
{
	struct in6_ifreq req = { .ifr6_prefixlen = p->len };
	int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0), r = 0;

	if (fd < 0)
		return -errno;
	memcpy(&req.ifr6_addr, p->addr, 16);
	req.ifr6_ifindex = (int)if_nametoindex(iface);
	if (req.ifr6_ifindex == 0 || ioctl(fd, SIOCSIFADDR, &req) < 0)
		r = -errno;
	close(fd);
	return r;
}

static int set_up(const char *iface)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), r = 0;

	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", iface);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		r = -errno;
	} else {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			r = -errno;
	}
	close(fd);
	return r;
}

int punt_port_configure(const struct vg_config *cfg, const char *iface)
{
	const struct vg_gateway *g = &cfg->gateway;
	int r = set_up(iface);

	if (r == 0 && g->has_control_ipv4)
		r = set_ipv4(iface, &g->control_ipv4);
	if (r == 0 && g->has_control_ipv6)
		r = set_ipv6(iface, &g->control_ipv6);
	return r;
}
