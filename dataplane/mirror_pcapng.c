/* SPDX-License-Identifier: BSD-3-Clause */
#include "mirror_pcapng.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_ethdev.h>

/* The enhanced packet block's fixed part (pcapng: block type 6), in the
 * byte order of the host that wrote the section, as librte_pcapng writes. */
struct epb_head {
	uint32_t block_type;
	uint32_t block_length;
	uint32_t interface_id;
	uint32_t timestamp_hi, timestamp_lo;
	uint32_t captured_length;
	uint32_t original_length;
};

#define EPB_TYPE 6
#define OPT_COMMENT 1
#define COMMENT_MAX 256
#define SECTION_COMMENT_MAX 512

/* "interface 0 = a, 1 = b, ...": the file numbers interfaces by DPDK port
 * id order, which need not be the dataplane's own order. */
static void section_comment(char *buf, size_t size, const char *gateway,
			    const struct dp_port *ports, uint16_t n_ports)
{
	size_t used = (size_t)snprintf(buf, size, "vmgate gateway '%s' mirror; interfaces:",
				       gateway);
	unsigned index = 0;
	uint16_t pid;

	RTE_ETH_FOREACH_DEV(pid) {
		const char *name = "(not a vmgate port)";

		for (uint16_t i = 0; i < n_ports; i++)
			if (ports[i].port_id == pid)
				name = ports[i].name;
		if (used < size)
			used += (size_t)snprintf(buf + used, size - used, "%s %u = %s",
						 index ? "," : "", index, name);
		index++;
	}
	if (used < size)
		snprintf(buf + used, size - used, "; a dropped frame's comment names its drop reason");
}

rte_pcapng_t *mirror_pcapng_open(const char *path, const char *gateway,
				 const struct dp_port *ports, uint16_t n_ports, int *err)
{
	char comment[SECTION_COMMENT_MAX];
	rte_pcapng_t *w;
	/* Never through a symbolic link: the dataplane runs as root, and a
	 * link planted where the file goes would have it truncate another. */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0) {
		*err = -errno;
		return NULL;
	}
	section_comment(comment, sizeof(comment), gateway, ports, n_ports);
	w = rte_pcapng_fdopen(fd, NULL, NULL, "vmgate-dataplane", comment);
	if (!w) {
		*err = rte_errno ? -rte_errno : -EIO;
		close(fd);
	}
	return w;
}

/* The EPB at the start of mc, checked against the buffer; NULL if none. */
static struct epb_head *epb_of(const struct rte_mbuf *mc)
{
	struct epb_head *h = rte_pktmbuf_mtod(mc, struct epb_head *);
	uint32_t len = rte_pktmbuf_data_len(mc);

	if (mc->nb_segs != 1 || len < sizeof(*h) + sizeof(uint32_t) ||
	    h->block_type != EPB_TYPE || h->block_length != len ||
	    h->captured_length > len - sizeof(*h) - sizeof(uint32_t))
		return NULL;
	return h;
}

const uint8_t *mirror_pcapng_frame(const struct rte_mbuf *mc, uint32_t *len)
{
	const struct epb_head *h = epb_of(mc);

	if (!h)
		return NULL;
	*len = h->captured_length;
	return (const uint8_t *)(h + 1);
}

int mirror_pcapng_comment(struct rte_mbuf *mc, const char *text)
{
	struct epb_head *h = epb_of(mc);
	uint16_t len = (uint16_t)strnlen(text, COMMENT_MAX);
	uint16_t opt_len = (uint16_t)(4 + RTE_ALIGN(len, 4));
	uint8_t *opt;
	uint32_t total;

	if (!h)
		return -EINVAL;
	if (rte_pktmbuf_tailroom(mc) < opt_len)
		return -ENOSPC;
	/* The option goes where the trailing block length was; the length
	 * follows it again. */
	rte_pktmbuf_trim(mc, sizeof(uint32_t));
	opt = (uint8_t *)rte_pktmbuf_append(mc, (uint16_t)(opt_len + sizeof(uint32_t)));
	if (!opt)
		return -ENOSPC;        /* cannot happen: the room was checked */
	memcpy(opt, &(uint16_t){ OPT_COMMENT }, 2);
	memcpy(opt + 2, &len, 2);
	memcpy(opt + 4, text, len);
	memset(opt + 4 + len, 0, opt_len - 4 - len);
	total = rte_pktmbuf_data_len(mc);
	memcpy(opt + opt_len, &total, sizeof(total));
	h->block_length = total;
	return 0;
}
