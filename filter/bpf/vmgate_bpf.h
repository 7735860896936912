/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VMGATE_BPF_H
#define VMGATE_BPF_H

/*
 * What a vmgate filter program sees, for the authors of programs (compiled
 * with clang -O2 -target bpf -mcpu=v2) and for the dataplane that runs
 * them. A program is one function in its own ELF section (default
 * "filter"), taking a pointer to struct vg_bpf_ctx and returning
 * VG_BPF_DROP (0) or VG_BPF_PASS (anything else).
 *
 * The context is a copy: the frame's first VG_BPF_DATA_MAX bytes are
 * inline in data[] (DPDK's verifier does not follow a pointer loaded from
 * the context), so a program sees the headers and the start of the
 * payload, and what it writes changes nothing. Every access must be
 * provably inside the context: the verifier refuses the program at load
 * otherwise. A variable offset must be bounded for it; vg_bpf_byte() does
 * that.
 *
 * No <stdint.h> here: a BPF build has no C library headers.
 */

typedef unsigned char vg_bpf_u8;
typedef unsigned short vg_bpf_u16;
typedef unsigned int vg_bpf_u32;
typedef unsigned long long vg_bpf_u64;

#define VG_BPF_DATA_MAX 128           /* bytes of the frame in the context */
#define VG_BPF_GATEWAY 0xfffe         /* src/dst_guest: the gateway itself */

#define VG_BPF_DROP 0
#define VG_BPF_PASS 1

struct vg_bpf_ctx {
	vg_bpf_u32 len;               /* the whole frame, in bytes */
	vg_bpf_u16 src_guest;         /* index in the policy's guests (0 first) */
	vg_bpf_u16 dst_guest;
	vg_bpf_u16 l3_off;            /* IPv4/IPv6 header, from data[0] */
	vg_bpf_u16 l4_off;            /* TCP/UDP/ICMP header; 0: none (a later fragment) */
	vg_bpf_u8 l4_proto;           /* IPPROTO_* (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6) */
	vg_bpf_u8 family;             /* 4 or 6 */
	vg_bpf_u16 data_len;          /* bytes of data[] that are the frame's */
	vg_bpf_u8 data[VG_BPF_DATA_MAX];  /* from the Ethernet header; zero past data_len */
} __attribute__((aligned(8)));

#ifdef __bpf__
#define VG_BPF_PROGRAM(sec) __attribute__((section(sec), used))

/* The frame's byte at off, or 0 past what the context holds. The mask
 * costs nothing and bounds the offset for the verifier. */
static inline vg_bpf_u8 vg_bpf_byte(const struct vg_bpf_ctx *c, vg_bpf_u32 off)
{
	if (off >= c->data_len)
		return 0;
	return c->data[off & (VG_BPF_DATA_MAX - 1)];
}

/* Two bytes at off in network order, as a number. */
static inline vg_bpf_u16 vg_bpf_be16(const struct vg_bpf_ctx *c, vg_bpf_u32 off)
{
	return (vg_bpf_u16)(vg_bpf_byte(c, off) << 8 | vg_bpf_byte(c, off + 1));
}
#endif

#endif
