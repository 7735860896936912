/* SPDX-License-Identifier: BSD-3-Clause */
#include "mirror_tap.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/if_tun.h>

#define ETH_HEADER_LEN 14

/* Up, so readers see the frames; no ARP, so the kernel never answers a
 * mirrored request for one of its addresses. */
static int set_flags(const char *name)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), r = 0;

	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		r = -errno;
	} else {
		ifr.ifr_flags |= IFF_UP | IFF_NOARP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			r = -errno;
	}
	close(fd);
	return r;
}

int mirror_tap_open(const char *name)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	int fd, r;

	if (strlen(name) >= sizeof(ifr.ifr_name))
		return -ENAMETOOLONG;
	fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	memcpy(ifr.ifr_name, name, strlen(name) + 1);
	r = ioctl(fd, TUNSETIFF, &ifr) < 0 ? -errno : set_flags(name);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

int mirror_tap_write(int fd, const uint8_t *frame, uint32_t len)
{
	ssize_t n;

	/* The kernel refuses what is not even an Ethernet header. */
	if (len < ETH_HEADER_LEN)
		return -EINVAL;
	n = write(fd, frame, len);
	if (n < 0)
		return -errno;
	return (uint32_t)n == len ? 0 : -EIO;
}
