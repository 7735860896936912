/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_MIRROR_PCAPNG_H
#define VG_MIRROR_PCAPNG_H

/*
 * The mirror's pcapng file, written with DPDK's librte_pcapng: a section
 * header, one interface block per DPDK port (DPDK 22.11 writes them all
 * when the file is opened, in port id order), then enhanced packet blocks
 * (EPB) made by rte_pcapng_copy on the worker. Here: opening the file,
 * reading the frame an EPB carries (for the TAP target) and adding a
 * comment option to an EPB (the drop reason), which 22.11's
 * rte_pcapng_copy cannot do itself.
 */

#include <stdint.h>

#include <rte_mbuf.h>
#include <rte_pcapng.h>

#include "dataplane.h"

/* Creates (or truncates) path, mode 0600 (it holds guests' traffic; a
 * symbolic link is refused with -ELOOP), and
 * writes the section header, whose comment maps the file's interfaces to
 * the dataplane's n_ports ports, and the interface blocks. NULL with a
 * negative errno in *err. */
rte_pcapng_t *mirror_pcapng_open(const char *path, const char *gateway,
				 const struct dp_port *ports, uint16_t n_ports, int *err);

/* The frame the EPB in mc carries and its captured length in *len; NULL
 * when mc holds no well-formed EPB. */
const uint8_t *mirror_pcapng_frame(const struct rte_mbuf *mc, uint32_t *len);

/* Adds text as a comment option to the EPB in mc (tshark shows it as
 * frame.comment). 0, -EINVAL when mc holds no EPB, -ENOSPC when the
 * buffer has no room. */
int mirror_pcapng_comment(struct rte_mbuf *mc, const char *text);

#endif
