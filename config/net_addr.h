/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_NET_ADDR_H
#define VG_NET_ADDR_H

/*
 * Text forms of the addresses a policy names: MAC, IPv4/IPv6 host addresses
 * and prefixes. Parsers return 0 on success and -EINVAL on malformed text;
 * they never accept a partial match.
 */

#include <stdint.h>
#include <stddef.h>

struct vg_mac {
	uint8_t bytes[6];
};

enum vg_af { VG_AF_INET = 4, VG_AF_INET6 = 6 };

struct vg_ip_prefix {
	enum vg_af family;
	uint8_t len;        /* prefix length; 32 or 128 for a host address */
	uint8_t addr[16];   /* network byte order; IPv4 uses the first 4 */
};

/* "52:54:00:12:34:56" (or '-' separators); rejects broadcast and multicast. */
int vg_mac_parse(const char *text, struct vg_mac *mac);

/* "a.b.c.d" or "a.b.c.d/len" (likewise IPv6): a prefix whose host bits may
 * be set, since a host address with its on-link prefix length is written so. */
int vg_ip_prefix_parse(const char *text, enum vg_af family,
		       struct vg_ip_prefix *out);

/* Writes "52:54:00:12:34:56" into buf (at least 18 bytes). */
void vg_mac_format(const struct vg_mac *mac, char *buf, size_t size);

/* Writes "addr/len" into buf (at least 44 bytes). */
void vg_ip_prefix_format(const struct vg_ip_prefix *p, char *buf, size_t size);

#endif
