/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_MIRROR_TAP_H
#define VG_MIRROR_TAP_H

/* The mirror's TAP target: a kernel TAP interface the mirror writes
 * frames into, so an IDS (or tcpdump) reads them as if received there. It
 * lives as long as its file descriptor. Functions return a descriptor or
 * 0 on success, a negative errno on failure. */

#include <stdint.h>

/* Creates (or attaches to) TAP interface name, up and without ARP so the
 * kernel answers none of the frames it sees; returns its descriptor. */
int mirror_tap_open(const char *name);

/* Writes one Ethernet frame of len bytes to the TAP; never blocks. */
int mirror_tap_write(int fd, const uint8_t *frame, uint32_t len);

#endif
