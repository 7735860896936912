/* SPDX-License-Identifier: BSD-3-Clause */
#include "net_addr.h"
#include "hex.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

int vg_mac_parse(const char *text, struct vg_mac *mac)
{
	char sep;

	if (strlen(text) != 17)
		return -EINVAL;
	sep = text[2];
	if (sep != ':' && sep != '-')
		return -EINVAL;
	for (int i = 0; i < 6; i++) {
		const char *p = text + 3 * i;
		int hi = vg_hex_nibble(p[0]), lo = vg_hex_nibble(p[1]);

		if (hi < 0 || lo < 0 || (i < 5 && p[2] != sep))
			return -EINVAL;
		mac->bytes[i] = (uint8_t)(hi << 4 | lo);
	}
	/* A guest's identity is one station: group addresses cannot own a port. */
	if (mac->bytes[0] & 0x01)
		return -EINVAL;
	return 0;
}

static int parse_len(const char *s, unsigned max, uint8_t *len)
{
	unsigned v = 0;

	if (*s == '\0' || (s[0] == '0' && s[1] != '\0'))
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (unsigned)(*s - '0');
		if (v > max)
			return -EINVAL;
	}
	*len = (uint8_t)v;
	return 0;
}

int vg_ip_prefix_parse(const char *text, enum vg_af family,
		       struct vg_ip_prefix *out)
{
	char addr[INET6_ADDRSTRLEN];
	const char *slash = strchr(text, '/');
	size_t alen = slash ? (size_t)(slash - text) : strlen(text);
	unsigned max = family == VG_AF_INET ? 32 : 128;
	int af = family == VG_AF_INET ? AF_INET : AF_INET6;

	if (alen == 0 || alen >= sizeof(addr))
		return -EINVAL;
	memcpy(addr, text, alen);
	addr[alen] = '\0';
	memset(out, 0, sizeof(*out));
	if (inet_pton(af, addr, out->addr) != 1)
		return -EINVAL;
	out->family = family;
	out->len = (uint8_t)max;
	if (slash && parse_len(slash + 1, max, &out->len) < 0)
		return -EINVAL;
	return 0;
}

void vg_mac_format(const struct vg_mac *mac, char *buf, size_t size)
{
	const uint8_t *b = mac->bytes;

	snprintf(buf, size, "%02x:%02x:%02x:%02x:%02x:%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5]);
}

void vg_ip_prefix_format(const struct vg_ip_prefix *p, char *buf, size_t size)
{
	char addr[INET6_ADDRSTRLEN] = "?";

	inet_ntop(p->family == VG_AF_INET ? AF_INET : AF_INET6, p->addr,
		  addr, sizeof(addr));
	snprintf(buf, size, "%s/%u", addr, p->len);
}
